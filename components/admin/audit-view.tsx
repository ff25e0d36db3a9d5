"use client";

import { useState, type FormEvent } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { AdminPage } from "@/components/admin/admin-page";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/text-field";
import { auditQueryString, listAudit, type AuditFilter } from "@/lib/client/admin-api";
import { formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

const FIELDS = ["actor", "action", "targetType", "targetId"] as const;

/** The filter's dates as ISO instants (the inputs give local date-times). */
function toQuery(form: Record<string, string>): AuditFilter {
  const iso = (v: string) => (v ? new Date(v).toISOString() : undefined);
  return { actor: form.actor || undefined, action: form.action || undefined, targetType: form.targetType || undefined, targetId: form.targetId || undefined, from: iso(form.from ?? ""), to: iso(form.to ?? "") };
}

/** /admin/audit: who did what, filtered by actor, action, target and time; keyset-paged; exported as CSV. */
export function AuditView() {
  const t = useT();
  const locale = useLocale();
  const [form, setForm] = useState<Record<string, string>>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const query = useInfiniteQuery({
    queryKey: ["admin-audit", filter],
    queryFn: ({ pageParam }) => listAudit(filter, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilter(toQuery(form));
  };
  const labels = { actor: t("dash.actor"), action: t("dash.action"), targetType: t("dash.targetType"), targetId: t("dash.targetId") };
  return (
    <AdminPage
      title="dash.auditTitle"
      query={query}
      actions={
        <a href={`/api/admin/audit/export?${auditQueryString(filter)}`} download data-testid="audit-export" className="inline-flex h-9 items-center gap-2 rounded-lg border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
          <Download className="size-4" aria-hidden />
          {t("dash.exportCsv")}
        </a>
      }
    >
      {(data) => (
        <div className="space-y-4">
          <form onSubmit={submit} className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4" data-testid="audit-filter">
            {FIELDS.map((f) => (
              <input key={f} aria-label={labels[f]} placeholder={labels[f]} value={form[f] ?? ""} onChange={(e) => setForm({ ...form, [f]: e.target.value })} className={inputClass} data-testid={`audit-${f}`} />
            ))}
            <label className="text-xs text-zinc-500">
              {t("dash.from")}
              <input type="datetime-local" value={form.from ?? ""} onChange={(e) => setForm({ ...form, from: e.target.value })} className={inputClass} data-testid="audit-from" />
            </label>
            <label className="text-xs text-zinc-500">
              {t("dash.to")}
              <input type="datetime-local" value={form.to ?? ""} onChange={(e) => setForm({ ...form, to: e.target.value })} className={inputClass} data-testid="audit-to" />
            </label>
            <div className="flex items-end gap-2 sm:col-span-2">
              <Button type="submit" variant="primary" data-testid="audit-apply">{t("dash.applyFilter")}</Button>
              <Button onClick={() => { setForm({}); setFilter({}); }}>{t("dash.clearFilter")}</Button>
            </div>
          </form>
          {data.pages[0]!.items.length === 0 ? (
            <p className="py-10 text-center text-sm text-zinc-500">{t("dash.noEvents")}</p>
          ) : (
            <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800" data-testid="audit-list">
              {data.pages.flatMap((p) => p.items).map((e) => (
                <li key={e.id} className="p-3" data-testid="audit-row">
                  <p className="flex flex-wrap items-baseline gap-x-2">
                    <span className="font-mono text-xs font-medium">{e.action}</span>
                    <span className="text-zinc-700 dark:text-zinc-300">{e.actor ?? t("dash.system")}</span>
                    {e.targetType && <span className="text-xs text-zinc-500">{e.targetType} {e.targetId}</span>}
                  </p>
                  <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                    {formatDateTime(e.at, locale)}
                    {e.ip && ` · ${e.ip}`}
                  </p>
                  {e.details && <p className="mt-1 font-mono text-xs break-all text-zinc-500">{e.details}</p>}
                </li>
              ))}
            </ul>
          )}
          {query.hasNextPage && (
            <div className="text-center">
              <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="audit-more">{t("dash.loadMore")}</Button>
            </div>
          )}
        </div>
      )}
    </AdminPage>
  );
}
