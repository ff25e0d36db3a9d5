"use client";

import { useEffect, type ReactNode } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { cn } from "@/components/ui/cn";
import { useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";

/** A signed-in page with one title (the header's and the document's), optional actions and a scrolling body. */
export function TitledPage({ title, actions, bodyClassName, children }: { title: MessageKey; actions?: ReactNode; bodyClassName?: string; children: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t(title)} · ${t("app.name")}`;
  }, [t, title]);
  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t(title)}</h1>} actions={actions} />
      <div className={cn("min-h-0 flex-1 overflow-y-auto pb-24", bodyClassName)}>{children}</div>
    </>
  );
}
