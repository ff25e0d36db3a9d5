"use client";

import { Fragment, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ChevronRight, FolderOpen, FolderPlus, Pencil, Trash2 } from "lucide-react";
import { NameDialog } from "@/components/drive/name-dialog";
import { PublicThumbnail } from "@/components/share/public/public-thumbnail";
import { UploadDrop } from "@/components/share/public/upload-drop";
import { DownloadButton } from "@/components/viewer/download-button";
import { Viewer } from "@/components/viewer/viewer";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { IconButton } from "@/components/ui/icon-button";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useFeedback } from "@/components/ui/use-feedback";
import { ApiError, errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import {
  createPublicFolder,
  deletePublicNode,
  listPublicFolder,
  publicZipUrl,
  renamePublicNode,
  type PublicEntry,
  type PublicShare,
} from "@/lib/client/share-api";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

type FolderDialog = { kind: "new-folder" } | { kind: "rename" | "delete"; entry: PublicEntry } | null;

/**
 * A shared folder: breadcrumbs from the shared folder down (the server never hands out anything above it),
 * thumbnails, a preview of any file, zip download, and in read-write mode upload, new folder, rename, delete.
 */
export function PublicFolder({ share, onStale }: { share: PublicShare; onStale: () => void }) {
  const { t, fail, invalidate } = useFeedback();
  const locale = useLocale();
  const [folderId, setFolderId] = useState<number | null>(null);
  const [opened, setOpened] = useState<PublicEntry | null>(null);
  const [dialog, setDialog] = useState<FolderDialog>(null);
  const token = share.token;
  const canEdit = share.mode === "edit";
  const canDownload = share.mode !== "preview";

  const listing = useQuery({ queryKey: queryKeys.publicFolder(token, folderId), queryFn: () => listPublicFolder(token, folderId ?? undefined) });
  const refresh = () => invalidate(queryKeys.allPublicFolders(token));
  const currentId = listing.data?.folder.id ?? share.root.id;
  const remove = useMutation({ mutationFn: (entry: PublicEntry) => deletePublicNode(token, entry.id), onSuccess: refresh, onError: fail });

  if (listing.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (listing.isError) {
    const ended = listing.error instanceof ApiError && [401, 404, 410].includes(listing.error.status);
    return <ErrorState title={t("drive.errorTitle")} message={errorMessage(listing.error, t("common.unknownError"))} onRetry={ended ? onStale : () => void listing.refetch()} />;
  }
  const { crumbs, entries } = listing.data;

  return (
    <section className="flex flex-col gap-3" data-testid="public-folder">
      <div className="flex flex-wrap items-center gap-2">
        <nav aria-label={t("drive.breadcrumbs")} className="min-w-0 basis-full sm:basis-0 sm:flex-1" data-testid="public-crumbs">
          <ol className="flex min-w-0 flex-wrap items-center gap-0.5 text-sm">
            {crumbs.map((crumb, index) => {
              const last = index === crumbs.length - 1;
              return (
                <Fragment key={crumb.id}>
                  {index > 0 && <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />}
                  <li className="min-w-0">
                    {last ? (
                      <span aria-current="page" className="block truncate px-1.5 py-1 font-semibold" data-testid="public-current-folder">
                        {crumb.name}
                      </span>
                    ) : (
                      <button type="button" onClick={() => setFolderId(index === 0 ? null : crumb.id)} className="block max-w-40 truncate rounded-md px-1.5 py-1 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800" data-testid="public-crumb">
                        {crumb.name}
                      </button>
                    )}
                  </li>
                </Fragment>
              );
            })}
          </ol>
        </nav>
        {canEdit && (
          <Button size="sm" onClick={() => setDialog({ kind: "new-folder" })} icon={<FolderPlus className="size-4" aria-hidden />} data-testid="public-new-folder">
            {t("drive.newFolder")}
          </Button>
        )}
        {canDownload && <DownloadButton url={publicZipUrl(token, currentId === share.root.id ? undefined : [currentId])} label={t("public.downloadZip")} testId="public-zip" />}
      </div>

      {canEdit && <UploadDrop token={token} parentId={currentId === share.root.id ? null : currentId} sizeLimit={share.uploadSizeLimit} onUploaded={refresh} compact />}

      {entries.length === 0 ? (
        <EmptyState icon={<FolderOpen className="size-7" aria-hidden />} title={t("drive.emptyTitle")} />
      ) : (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-5" data-testid="public-entries">
          {entries.map((entry) => (
            <li key={entry.id} className="group relative" data-testid="public-entry" data-name={entry.name}>
              <button
                type="button"
                onClick={() => (entry.isFolder ? setFolderId(entry.id) : setOpened(entry))}
                className="flex w-full flex-col overflow-hidden rounded-xl border border-zinc-200 text-left hover:border-brand-400 hover:shadow-sm dark:border-zinc-800 dark:hover:border-brand-500"
              >
                <span className="relative flex aspect-square w-full items-center justify-center overflow-hidden bg-zinc-50 dark:bg-zinc-900">
                  <PublicThumbnail entry={entry} />
                </span>
                <span className="block w-full px-2.5 py-2">
                  <span className="block truncate text-sm font-medium" title={entry.name}>
                    {entry.name}
                  </span>
                  <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
                    {entry.isFolder ? formatShortDateTime(entry.mtime, locale) : `${formatBytes(entry.size, locale)} · ${formatShortDateTime(entry.mtime, locale)}`}
                  </span>
                </span>
              </button>
              {canEdit && (
                <span className="absolute top-1.5 right-1.5 flex gap-1 rounded-lg bg-white/90 p-0.5 shadow-sm dark:bg-zinc-900/90">
                  <IconButton size="sm" label={t("rename.title")} onClick={() => setDialog({ kind: "rename", entry })} data-testid="public-rename">
                    <Pencil className="size-4" aria-hidden />
                  </IconButton>
                  <IconButton size="sm" label={t("action.delete")} onClick={() => setDialog({ kind: "delete", entry })} data-testid="public-delete">
                    <Trash2 className="size-4" aria-hidden />
                  </IconButton>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      {opened && <Viewer entries={entries} entry={opened} noDownload={share.mode === "preview"} onClose={() => setOpened(null)} />}
      {dialog?.kind === "new-folder" && (
        <NameDialog
          title={t("newFolder.title")}
          label={t("newFolder.label")}
          initialName={t("newFolder.default")}
          submitLabel={t("common.create")}
          onSubmit={async (name) => {
            await createPublicFolder(token, currentId, name);
            refresh();
          }}
          onClose={() => setDialog(null)}
          testId="new-folder-dialog"
        />
      )}
      {dialog?.kind === "rename" && (
        <NameDialog
          title={t("rename.title")}
          label={t("rename.label")}
          initialName={dialog.entry.name}
          submitLabel={t("action.rename")}
          selectStem={!dialog.entry.isFolder}
          onSubmit={async (name) => {
            await renamePublicNode(token, dialog.entry.id, name);
            refresh();
          }}
          onClose={() => setDialog(null)}
          testId="rename-dialog"
        />
      )}
      <ConfirmDialog
        open={dialog?.kind === "delete"}
        danger
        title={t("public.deleteTitle")}
        body={dialog?.kind === "delete" ? t("public.deleteBody", { name: dialog.entry.name }) : ""}
        confirmLabel={t("action.delete")}
        confirmTestId="confirm-delete"
        busy={remove.isPending}
        onClose={() => setDialog(null)}
        onConfirm={() => dialog?.kind === "delete" && remove.mutate(dialog.entry, { onSettled: () => setDialog(null) })}
      />
    </section>
  );
}
