"use client";

import { useState, type ReactNode } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Download, History, Trash2 } from "lucide-react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Spinner } from "@/components/ui/spinner";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import type { NodeView, VersionView } from "@/lib/client/api-types";
import { contentUrl, deleteVersion, listVersions, restoreVersion } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import { formatBytes, formatDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

const actionClass =
  "inline-flex h-7 items-center gap-1 rounded-md px-2 text-xs font-medium text-zinc-700 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800";

/**
 * A file's versions, newest first. Each can be downloaded; an older one can be restored by someone who may write
 * the file (it becomes the newest version; the history is kept and the quota charged), or deleted by someone who may
 * delete the file (its bytes leave the quota).
 */
export function VersionList({ node }: { node: NodeView }) {
  const { t, toast, invalidate } = useFeedback();
  const locale = useLocale();
  const versions = useQuery({ queryKey: queryKeys.versions(node.id), queryFn: () => listVersions(node.id) });
  const canWrite = node.permissions?.write !== false;
  const canDelete = node.permissions?.delete !== false;
  const [doomed, setDoomed] = useState<VersionView | null>(null);
  const dateOf = (version: VersionView) => formatDateTime(version.mtime, locale);

  const restore = useMutation({
    mutationFn: (version: VersionView) => restoreVersion(node.id, version.id),
    onSuccess: (_, version) => toast.success(t("details.restored", { date: dateOf(version) })),
    onError: (error, version) => toast.error(t("details.restoreFailed", { date: dateOf(version), message: errorMessage(error, t("common.unknownError")) })),
    // The listing shows the new size, the panel the new checksum, the quota bar the charged bytes.
    onSettled: () => invalidate(queryKeys.allChildren, queryKeys.node(node.id), queryKeys.versions(node.id), queryKeys.me),
  });

  const remove = useMutation({
    mutationFn: (version: VersionView) => deleteVersion(node.id, version.id),
    onSuccess: (_, version) => toast.success(t("details.versionDeleted", { date: dateOf(version) })),
    onError: (error, version) => toast.error(t("details.deleteVersionFailed", { date: dateOf(version), message: errorMessage(error, t("common.unknownError")) })),
    onSettled: () => {
      setDoomed(null);
      invalidate(queryKeys.versions(node.id), queryKeys.me);
    },
  });

  if (versions.isPending) return <Spinner label={t("common.loading")} />;
  if (versions.isError) return <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(versions.error, t("common.unknownError"))}</p>;
  const items = versions.data.items;
  if (items.length <= 1 && items.every((version) => version.current)) {
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("details.noVersions")}</p>;
  }
  return (
    <>
      <ol className="space-y-2" data-testid="version-list">
        {items.map((version) => {
          const date = dateOf(version);
          const restoring = restore.isPending && restore.variables?.id === version.id;
          return (
            <li
              key={version.id}
              data-testid="version-item"
              data-version-id={version.id}
              data-current={version.current || undefined}
              className="rounded-lg border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
            >
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium">{date}</span>
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
              <div className="mt-1.5 -ml-2 flex flex-wrap gap-1">
                <a
                  href={contentUrl(node.id, { download: true, version: version.id })}
                  download
                  aria-label={t("details.downloadVersion", { date })}
                  title={t("details.downloadVersion", { date })}
                  data-testid="version-download"
                  className={actionClass}
                >
                  <Download className="size-3.5" aria-hidden />
                  {t("action.download")}
                </a>
                {!version.current && canWrite && (
                  <VersionButton label={t("details.restoreVersion", { date })} disabled={restore.isPending} onClick={() => restore.mutate(version)} testId="version-restore">
                    {restoring ? <Spinner className="size-3.5" /> : <History className="size-3.5" aria-hidden />}
                    {t("action.restore")}
                  </VersionButton>
                )}
                {!version.current && canDelete && (
                  <VersionButton label={t("details.deleteVersion", { date })} disabled={remove.isPending} onClick={() => setDoomed(version)} testId="version-delete">
                    <Trash2 className="size-3.5" aria-hidden />
                    {t("action.delete")}
                  </VersionButton>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      <ConfirmDialog
        open={doomed !== null}
        danger
        title={t("details.deleteVersionTitle")}
        body={doomed ? t("details.deleteVersionBody", { date: dateOf(doomed), size: formatBytes(doomed.size, locale) }) : ""}
        confirmLabel={t("trash.emptyConfirm")}
        confirmTestId="confirm-delete-version"
        busy={remove.isPending}
        onClose={() => setDoomed(null)}
        onConfirm={() => doomed && remove.mutate(doomed)}
      />
    </>
  );
}

/** One action on a version (restore, delete): a small labelled button. */
function VersionButton({ label, disabled, onClick, testId, children }: { label: string; disabled: boolean; onClick: () => void; testId: string; children: ReactNode }) {
  return (
    <button type="button" onClick={onClick} disabled={disabled} aria-label={label} title={label} data-testid={testId} className={actionClass}>
      {children}
    </button>
  );
}
