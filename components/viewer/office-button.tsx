"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Presentation } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useFeedback } from "@/components/ui/use-feedback";
import { officeExtensions, openInOffice } from "@/lib/client/editor-api";
import { queryKeys } from "@/lib/client/query-keys";

/** The office server's extensions, asked once a while (empty without one). */
export function useOfficeExtensions(): string[] {
  const query = useQuery({ queryKey: queryKeys.officeExtensions, queryFn: officeExtensions, staleTime: 5 * 60_000 });
  return query.data?.extensions ?? [];
}

/**
 * Posts the WOPI access token to the office server's editor URL in a new tab, as WOPI hosts do (the token never
 * travels in a URL the office server could log).
 */
function postToEditor(url: string, accessToken: string, accessTokenTtl: number): void {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = url;
  form.target = "_blank";
  form.rel = "noopener";
  for (const [name, value] of [["access_token", accessToken], ["access_token_ttl", String(accessTokenTtl)]]) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name!;
    input.value = value!;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
  form.remove();
}

/** "Open in office" for a file the site's office server opens; nothing when there is none or it cannot. */
export function OfficeButton({ node, extensions }: { node: { id: number; name: string }; extensions: string[] }) {
  const { t, fail } = useFeedback();
  const [busy, setBusy] = useState(false);
  const dot = node.name.lastIndexOf(".");
  if (dot <= 0 || !extensions.includes(node.name.slice(dot + 1).toLowerCase())) return null;
  return (
    <Button
      size="sm"
      disabled={busy}
      icon={<Presentation className="size-4" aria-hidden />}
      onClick={async () => {
        setBusy(true);
        try {
          const target = await openInOffice(node.id);
          postToEditor(target.url, target.accessToken, target.accessTokenTtl);
        } catch (error) {
          fail(error);
        } finally {
          setBusy(false);
        }
      }}
      data-testid="open-in-office"
    >
      {t("viewer.openInOffice")}
    </Button>
  );
}
