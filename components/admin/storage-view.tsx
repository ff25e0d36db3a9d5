"use client";

import { useQuery } from "@tanstack/react-query";
import { AdminPage, Card } from "@/components/admin/admin-page";
import { getStorage } from "@/lib/client/admin-api";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /admin/storage: the storage policies and what is stored on each (read-only until S3 policies arrive). */
export function StorageView() {
  const t = useT();
  const locale = useLocale();
  const query = useQuery({ queryKey: ["admin-storage"], queryFn: getStorage });
  return (
    <AdminPage title="dash.storageTitle" query={query}>
      {({ items }) => (
        <div className="max-w-2xl space-y-3" data-testid="storage-policies">
          <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("dash.storageHint")}</p>
          {items.map((p) => (
            <Card key={p.policyId} title={`${p.name}${p.isDefault ? ` · ${t("dash.default")}` : ""}`}>
              <dl className="grid grid-cols-3 gap-2 text-sm">
                <div><dt className="text-xs text-zinc-500">{t("dash.kind")}</dt><dd>{p.kind}</dd></div>
                <div><dt className="text-xs text-zinc-500">{t("dash.spaces")}</dt><dd className="tabular-nums">{p.spaces.toLocaleString(locale)}</dd></div>
                <div><dt className="text-xs text-zinc-500">{t("dash.used")}</dt><dd className="tabular-nums" data-testid="policy-bytes">{formatBytes(p.bytes, locale)}</dd></div>
              </dl>
            </Card>
          ))}
        </div>
      )}
    </AdminPage>
  );
}
