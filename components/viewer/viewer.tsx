"use client";

import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ChevronLeft, ChevronRight, X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { useModal } from "@/components/ui/dialog";
import type { PublicEntry } from "@/lib/client/share-api";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";
import { DownloadButton } from "./download-button";
import { FilePreview, isImageEntry } from "./file-preview";

export type ViewerProps = {
  /** the folder's entries; the lightbox steps through its images (others are left out) */
  entries: PublicEntry[];
  /** the entry opened first */
  entry: PublicEntry;
  /** preview-only links: no download button, no download entries in the players */
  noDownload: boolean;
  onClose: () => void;
  downloadTestId?: string;
  /** more header buttons for the shown entry (the drive's Edit and Open in office) */
  actions?: (entry: PublicEntry) => ReactNode;
  /** replaces the preview of the shown entry (the drive's text editor), or undefined for the preview */
  body?: (entry: PublicEntry) => ReactNode | undefined;
};

const navClass = "absolute top-1/2 z-10 -translate-y-1/2 rounded-full bg-zinc-900/60 text-zinc-100 hover:bg-zinc-800 hover:text-white disabled:opacity-30";

/**
 * The one file viewer of the drive, "Shared with me" and the share pages: a file full screen over its listing.
 * Images form a lightbox across the folder (previous / next by buttons, arrow keys or swipe); Escape closes.
 */
export function Viewer({ entries, entry: first, noDownload, onClose, downloadTestId, actions, body }: ViewerProps) {
  const t = useT();
  const locale = useLocale();
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, true);
  const [entry, setEntry] = useState(first);
  const images = useMemo(() => entries.filter(isImageEntry), [entries]);
  const index = isImageEntry(entry) ? images.findIndex((image) => image.id === entry.id) : -1;
  const previous = index > 0 ? () => setEntry(images[index - 1]!) : undefined;
  const next = index >= 0 && index < images.length - 1 ? () => setEntry(images[index + 1]!) : undefined;
  const replaced = body?.(entry);

  const keys = useRef({ previous, next });
  useEffect(() => {
    keys.current = { previous, next };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || (event.target as HTMLElement).closest?.("input, textarea, [contenteditable='true'], video, audio")) return;
      const step = event.key === "ArrowLeft" ? keys.current.previous : event.key === "ArrowRight" ? keys.current.next : undefined;
      if (!step) return;
      event.preventDefault();
      step();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const image = replaced === undefined && isImageEntry(entry);
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
        <header className="flex flex-wrap items-center gap-2 px-3 py-2 sm:gap-3 sm:px-5">
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium" data-testid="preview-name">
              {entry.name}
            </p>
            <p className="text-xs text-zinc-400">
              {formatBytes(entry.size, locale)}
              {index >= 0 && images.length > 1 && <span data-testid="image-position"> · {t("viewer.position", { n: index + 1, total: images.length })}</span>}
            </p>
          </div>
          {actions?.(entry)}
          <DownloadButton url={noDownload ? null : entry.downloadUrl} label={t("action.download")} testId={downloadTestId} />
          <IconButton label={t("common.close")} onClick={onClose} className="text-zinc-300 hover:bg-zinc-800 hover:text-white" data-testid="preview-close">
            <X className="size-5" aria-hidden />
          </IconButton>
        </header>
        <div className="relative flex min-h-0 flex-1 items-start justify-center overflow-auto p-2 sm:items-center sm:p-6">
          {image ? (
            <div className="h-full w-full">
              <FilePreview key={entry.id} entry={entry} noDownload={noDownload} onPrevious={previous} onNext={next} fill />
            </div>
          ) : (
            <div className="w-full max-w-5xl rounded-xl bg-white text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100">
              {replaced ?? <FilePreview key={entry.id} entry={entry} noDownload={noDownload} />}
            </div>
          )}
          {image && images.length > 1 && (
            <>
              <IconButton label={t("viewer.previous")} onClick={previous} disabled={!previous} className={`${navClass} left-2`} data-testid="viewer-previous">
                <ChevronLeft className="size-6" aria-hidden />
              </IconButton>
              <IconButton label={t("viewer.next")} onClick={next} disabled={!next} className={`${navClass} right-2`} data-testid="viewer-next">
                <ChevronRight className="size-6" aria-hidden />
              </IconButton>
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}
