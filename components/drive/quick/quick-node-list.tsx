"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import type { UseQueryResult } from "@tanstack/react-query";
import { FileViewer } from "@/components/drive/file-viewer";
import { NodeIcon } from "@/components/drive/node-icon";
import { NodeMarksProvider, RowMarks } from "@/components/drive/quick/node-marks";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

const rowClass = "flex min-w-0 flex-1 items-center gap-3 px-4 py-3 text-left hover:bg-zinc-50 sm:px-6 dark:hover:bg-zinc-900";

/**
 * A flat list of items from anywhere the user can read (Favourites, Recent, Tags): folders open in the drive, files in
 * the viewer; each row shows its marks. `detail` is the row's second line (defaults to size and modified time).
 */
export function QuickNodeList<T extends NodeView>({
  query,
  testId,
  empty,
  detail,
  action,
}: {
  query: UseQueryResult<T[]>;
  testId: string;
  empty: { icon: ReactNode; title: string; hint?: string };
  detail?: (item: T) => string;
  action?: (item: T) => ReactNode;
}) {
  const t = useT();
  const locale = useLocale();
  const [viewing, setViewing] = useState<NodeView | null>(null);
  const items = query.data ?? [];
  if (query.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (query.isError) return <ErrorState title={t("quick.errorTitle")} message={errorMessage(query.error, t("common.unknownError"))} onRetry={() => void query.refetch()} />;
  if (items.length === 0) return <EmptyState icon={empty.icon} title={empty.title} hint={empty.hint} />;
  const secondLine = detail ?? ((item: T) => (item.isFolder ? formatShortDateTime(item.mtime, locale) : `${formatBytes(item.size, locale)} · ${formatShortDateTime(item.mtime, locale)}`));
  return (
    <NodeMarksProvider items={items}>
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid={testId}>
        {items.map((item) => {
          const content = (
            <>
              <NodeIcon node={item} />
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium">{item.name}</span>
                <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">{secondLine(item)}</span>
              </span>
              <RowMarks nodeId={item.id} />
            </>
          );
          return (
            <li key={item.id} data-testid="quick-item" data-name={item.name} className="flex items-center pr-2 sm:pr-4">
              {item.isFolder ? (
                <Link href={`/files/${item.id}`} prefetch={false} className={rowClass}>
                  {content}
                </Link>
              ) : (
                <button type="button" onClick={() => setViewing(item)} className={rowClass}>
                  {content}
                </button>
              )}
              {action?.(item)}
            </li>
          );
        })}
      </ul>
      {viewing && <FileViewer node={viewing} onClose={() => setViewing(null)} />}
    </NodeMarksProvider>
  );
}
