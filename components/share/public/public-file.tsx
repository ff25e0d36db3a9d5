"use client";

import { Eye } from "lucide-react";
import { useState } from "react";
import { DownloadButton } from "@/components/viewer/download-button";
import { FilePreview } from "@/components/viewer/file-preview";
import { PublicThumbnail } from "@/components/share/public/public-thumbnail";
import type { PublicEntry, PublicShare } from "@/lib/client/share-api";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** A shared file (or a file opened inside a shared folder): preview, name, size, download. */
export function PublicFile({ share, entry }: { share: PublicShare; entry: PublicEntry }) {
  const t = useT();
  const locale = useLocale();
  const previewOnly = share.mode === "preview";
  // On a link with a download limit a streamed preview counts as a download (the bytes reach the browser), so it
  // starts only when the visitor asks; image previews are re-rendered and count nothing.
  const [previewAsked, setPreviewAsked] = useState(false);
  const previewCounts = share.downloadsLeft !== null && entry.viewerUrl !== null;
  return (
    <section className="overflow-hidden rounded-2xl border border-zinc-200 dark:border-zinc-800" data-testid="public-file">
      {/* The toolbar comes first: a long PDF must not push Download below its last page. */}
      <div className="flex flex-wrap items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800" data-testid="public-file-toolbar">
        <PublicThumbnail entry={entry} small />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium" data-testid="public-file-name">
            {entry.name}
          </p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="public-file-size">
            {formatBytes(entry.size, locale)}
            {previewOnly && ` · ${t("public.previewOnly")}`}
          </p>
        </div>
        <DownloadButton url={previewOnly ? null : entry.downloadUrl} label={t("action.download")} />
      </div>
      <div className="flex min-h-48 items-center justify-center bg-zinc-50 p-2 sm:p-4 dark:bg-zinc-900/60">
        {previewCounts && !previewAsked ? (
          <button
            type="button"
            onClick={() => setPreviewAsked(true)}
            className="inline-flex h-9 items-center gap-2 rounded-lg border border-zinc-300 px-3.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            data-testid="public-show-preview"
          >
            <Eye className="size-4" aria-hidden />
            {t("public.showPreviewCounts")}
          </button>
        ) : (
          <FilePreview entry={entry} noDownload={previewOnly} />
        )}
      </div>
    </section>
  );
}
