"use client";

import { useQuery } from "@tanstack/react-query";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { listVersions } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import { formatBytes, formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

export function VersionList({ nodeId }: { nodeId: number }) {
  const t = useT();
  const locale = useLocale();
  const versions = useQuery({ queryKey: queryKeys.versions(nodeId), queryFn: () => listVersions(nodeId) });

  if (versions.isPending) return <Spinner label={t("common.loading")} />;
  if (versions.isError) return <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(versions.error, t("common.unknownError"))}</p>;
  const items = versions.data.items;
  if (items.length <= 1 && items.every((version) => version.current)) {
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("details.noVersions")}</p>;
  }
  return (
    <ol className="space-y-2" data-testid="version-list">
      {items.map((version) => (
        <li key={version.id} data-testid="version-item" className="rounded-lg border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
          <div className="flex items-center justify-between gap-2">
            <span className="font-medium">{formatDateTime(version.mtime, locale)}</span>
            {version.current && (
              <span className="rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-brand-900 dark:text-brand-200">
                {t("details.current")}
              </span>
            )}
          </div>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {formatBytes(version.size, locale)}
            {version.authorName && ` · ${t("details.by", { name: version.authorName })}`}
          </p>
        </li>
      ))}
    </ol>
  );
}
