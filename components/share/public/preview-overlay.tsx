"use client";

import { useRef } from "react";
import { X } from "lucide-react";
import { FilePreview } from "@/components/share/public/file-preview";
import { DownloadButton } from "@/components/share/public/public-file";
import { IconButton } from "@/components/ui/icon-button";
import { useModal } from "@/components/ui/dialog";
import type { PublicEntry } from "@/lib/client/share-api";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/**
 * A file opened full screen over a listing: a shared folder's file, or a file of the drive. `noDownload`
 * (preview-only links) hides the download button and the players' own download entries.
 */
export function PreviewOverlay({ entry, noDownload, onClose, downloadTestId }: { entry: PublicEntry; noDownload: boolean; onClose: () => void; downloadTestId?: string }) {
  const t = useT();
  const locale = useLocale();
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, true);
  return (
    <dialog
      ref={ref}
      aria-label={entry.name}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-0 h-dvh max-h-none w-screen max-w-none bg-zinc-950/95 p-0 text-zinc-100"
      data-testid="preview-overlay"
    >
      <div className="flex h-full flex-col">
        <header className="flex items-center gap-3 px-3 py-2 sm:px-5">
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium" data-testid="preview-name">
              {entry.name}
            </p>
            <p className="text-xs text-zinc-400">{formatBytes(entry.size, locale)}</p>
          </div>
          <DownloadButton url={noDownload ? null : entry.downloadUrl} label={t("action.download")} testId={downloadTestId} />
          <IconButton label={t("common.close")} onClick={onClose} className="text-zinc-300 hover:bg-zinc-800 hover:text-white" data-testid="preview-close">
            <X className="size-5" aria-hidden />
          </IconButton>
        </header>
        <div className="flex min-h-0 flex-1 items-start justify-center overflow-auto p-2 sm:items-center sm:p-6">
          <div className="w-full max-w-5xl rounded-xl bg-white text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">
            <FilePreview entry={entry} noDownload={noDownload} />
          </div>
        </div>
      </div>
    </dialog>
  );
}
