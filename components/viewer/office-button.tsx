"use client";

import { useQuery } from "@tanstack/react-query";
import { Presentation } from "lucide-react";
import { Button } from "@/components/ui/button";
import { officeExtensions } from "@/lib/client/editor-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

/** The office server's extensions, asked once a while (empty without one). */
export function useOfficeExtensions(): string[] {
  const query = useQuery({ queryKey: queryKeys.officeExtensions, queryFn: officeExtensions, staleTime: 5 * 60_000 });
  return query.data?.extensions ?? [];
}

/**
 * Opens the office editor in a new tab: a form post to Haven's launch page, which posts the WOPI access token on to
 * the office server (the token never travels in a URL, and this page's CSP only posts forms to Haven).
 */
function launchEditor(nodeId: number): void {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = `/api/nodes/${nodeId}/office/launch`;
  form.target = "_blank";
  document.body.appendChild(form);
  form.submit();
  form.remove();
}

/** "Open in office" for a file the site's office server opens; nothing when there is none or it cannot. */
export function OfficeButton({ node, extensions }: { node: { id: number; name: string }; extensions: string[] }) {
  const t = useT();
  const dot = node.name.lastIndexOf(".");
  if (dot <= 0 || !extensions.includes(node.name.slice(dot + 1).toLowerCase())) return null;
  return (
    <Button
      size="sm"
      icon={<Presentation className="size-4" aria-hidden />}
      onClick={() => launchEditor(node.id)}
      data-testid="open-in-office"
    >
      {t("viewer.openInOffice")}
    </Button>
  );
}
