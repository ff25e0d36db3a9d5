"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { UsersRound } from "lucide-react";
import { FileViewer } from "@/components/drive/file-viewer";
import { NodeIcon } from "@/components/drive/node-icon";
import { PERMISSION_LABEL } from "@/components/share/share-labels";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { queryKeys } from "@/lib/client/query-keys";
import { sharedWithMe } from "@/lib/client/share-api";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /shared/with-me: what other users shared with me; folders open in the normal browser, files in the viewer. */
export function SharedWithMeView() {
  const t = useT();
  const locale = useLocale();
  const query = useQuery({ queryKey: queryKeys.sharedWithMe, queryFn: sharedWithMe });
  const items = query.data?.items ?? [];
  const [viewing, setViewing] = useState<NodeView | null>(null);

  useEffect(() => {
    document.title = `${t("shared.withMeTitle")} · ${t("app.name")}`;
  }, [t]);

  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("shared.withMeTitle")}</h1>} />
      <div className="min-h-0 flex-1 overflow-y-auto pb-24">
        {query.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : query.isError ? (
          <ErrorState title={t("shared.errorTitle")} message={errorMessage(query.error, t("common.unknownError"))} onRetry={() => void query.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState icon={<UsersRound className="size-7" aria-hidden />} title={t("shared.withMeEmpty")} hint={t("shared.withMeEmptyHint")} />
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="shared-with-me-list">
            {items.map((item) => {
              const owner = item.owner.displayName || item.owner.username;
              const rowClass = "flex w-full items-center gap-3 px-4 py-3 text-left hover:bg-zinc-50 sm:px-6 dark:hover:bg-zinc-900";
              const content = (
                <>
                  <NodeIcon node={item.node} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium">{item.node.name}</span>
                    <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
                      {t("shared.fromOwner", { name: owner })} · {t(PERMISSION_LABEL[item.permission])}
                      {!item.node.isFolder && ` · ${formatBytes(item.node.size, locale)}`}
                    </span>
                  </span>
                  <span className="hidden text-xs text-zinc-500 sm:block">{formatShortDateTime(item.sharedAt, locale)}</span>
                </>
              );
              return (
                <li key={item.grantId} data-testid="shared-item" data-name={item.node.name}>
                  {item.node.isFolder ? (
                    <Link href={`/files/${item.node.id}`} prefetch={false} className={rowClass}>
                      {content}
                    </Link>
                  ) : (
                    <button type="button" onClick={() => setViewing(item.node)} className={rowClass}>
                      {content}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {viewing && <FileViewer node={viewing} onClose={() => setViewing(null)} />}
    </>
  );
}
