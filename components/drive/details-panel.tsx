"use client";

import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { ShareSummary } from "@/components/share/share-summary";
import { DetailsThumbnail } from "@/components/drive/node-thumbnail";
import { VersionList } from "@/components/drive/version-list";
import { QuickDetails } from "@/components/drive/quick/quick-details";
import { StarButton } from "@/components/drive/quick/star-button";
import { CopyButton } from "@/components/ui/copy-button";
import { IconButton } from "@/components/ui/icon-button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { getNode } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import { formatBytes, formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="space-y-0.5">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-sm break-words">{children}</dd>
    </div>
  );
}

/** Side panel (full screen on phones) with a node's properties and, for files, its versions. */
export function DetailsPanel({ nodeId, onClose, onShare }: { nodeId: number; onClose: () => void; onShare: (node: NodeView) => void }) {
  const t = useT();
  const locale = useLocale();
  const query = useQuery({ queryKey: queryKeys.node(nodeId), queryFn: () => getNode(nodeId) });
  const node = query.data?.node;

  return (
    <aside
      aria-label={t("details.title")}
      data-testid="details-panel"
      className="fixed inset-0 z-30 flex flex-col bg-white md:static md:z-auto md:w-80 md:shrink-0 md:border-l md:border-zinc-200 dark:bg-zinc-950 md:dark:border-zinc-800"
    >
      <header className="flex h-14 shrink-0 items-center justify-between border-b border-zinc-200 px-4 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">{t("details.title")}</h2>
        <IconButton size="sm" label={t("common.close")} onClick={onClose} data-testid="details-close">
          <X className="size-4" aria-hidden />
        </IconButton>
      </header>
      <div className="flex-1 overflow-y-auto p-4">
        {query.isPending ? (
          <Spinner label={t("common.loading")} />
        ) : query.isError || !node ? (
          <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(query.error, t("common.unknownError"))}</p>
        ) : (
          <div className="space-y-6">
            <div className="flex flex-col items-center gap-3 rounded-xl bg-zinc-50 p-6 text-center dark:bg-zinc-900">
              <DetailsThumbnail node={node} />
              <p className="w-full text-sm font-semibold break-words" data-testid="details-name">
                {node.name}
              </p>
              <StarButton node={node} />
            </div>
            <dl className="space-y-3">
              <Row label={t("details.size")}>
                <span data-testid="details-size">{formatBytes(node.size, locale)}</span>
                <span className="ml-1 text-xs text-zinc-500 tabular-nums">({node.size.toLocaleString(locale)} B)</span>
              </Row>
              <Row label={t("details.type")}>{node.isFolder ? t("details.folderType") : node.mimeType || t("details.unknownType")}</Row>
              <Row label={t("details.modified")}>{formatDateTime(node.mtime, locale)}</Row>
              <Row label={t("details.created")}>{formatDateTime(node.createdAt, locale)}</Row>
              {!node.isFolder && (
                <Row label={t("details.sha256")}>
                  {node.sha256 ? (
                    <span className="flex items-start gap-1">
                      <code className="min-w-0 flex-1 font-mono text-xs break-all" data-testid="details-sha256">
                        {node.sha256}
                      </code>
                      <CopyButton text={node.sha256} label={t("details.copySha")} iconOnly />
                    </span>
                  ) : (
                    <span className="text-zinc-500">{t("details.pending")}</span>
                  )}
                </Row>
              )}
            </dl>
            {node.permissions?.share !== false && <ShareSummary node={node} onOpen={() => onShare(node)} />}
            {!node.isFolder && (
              <section className="space-y-2">
                <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("details.versions")}</h3>
                <VersionList node={node} />
              </section>
            )}
            <QuickDetails node={node} />
          </div>
        )}
      </div>
    </aside>
  );
}
