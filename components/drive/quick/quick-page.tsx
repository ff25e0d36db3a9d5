"use client";

import { useEffect, type ReactNode } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";

/** The frame of a quick-access page: its title (also the document's), optional actions, a scrolling body. */
export function QuickPage({ title, actions, children }: { title: MessageKey; actions?: ReactNode; children: ReactNode }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t(title)} · ${t("app.name")}`;
  }, [t, title]);
  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t(title)}</h1>} actions={actions} />
      <div className="min-h-0 flex-1 overflow-y-auto pb-24">{children}</div>
    </>
  );
}
