"use client";

import { FileQuestion } from "lucide-react";
import { fileKind } from "@/lib/domain/file-kind";
import { PdfPreview } from "@/components/share/public/pdf-preview";
import { TextPreview } from "@/components/share/public/text-preview";
import type { PublicEntry } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";

/** Text-like files the viewer can show even when the MIME type is vague. */
function isTextual(entry: PublicEntry): boolean {
  const kind = fileKind(entry);
  return kind === "text" || kind === "code" || (entry.mimeType ?? "").startsWith("text/");
}

/**
 * The preview of one shared file: a server-rendered image, <video>/<audio> on the range-capable viewer URL,
 * PDF on canvases, text or safe Markdown. `noDownload` (preview-only links) also hides the media players'
 * own download entries; it cannot stop a screenshot or a screen recording.
 */
export function FilePreview({ entry, noDownload }: { entry: PublicEntry; noDownload: boolean }) {
  const t = useT();
  const kind = fileKind(entry);
  const blockMenu = noDownload ? (event: React.MouseEvent) => event.preventDefault() : undefined;

  if (entry.previewUrl && kind === "image") {
    return (
      <img src={entry.previewUrl} alt={entry.name} onContextMenu={blockMenu} draggable={!noDownload} className="mx-auto max-h-[75dvh] w-auto max-w-full rounded-lg object-contain" data-testid="image-preview" />
    );
  }
  if (entry.viewerUrl && kind === "video") {
    return (
      <video src={entry.viewerUrl} controls preload="metadata" playsInline controlsList={noDownload ? "nodownload noremoteplayback" : undefined} disablePictureInPicture={noDownload} onContextMenu={blockMenu} className="mx-auto max-h-[75dvh] w-full rounded-lg bg-black" data-testid="video-preview" />
    );
  }
  if (entry.viewerUrl && kind === "audio") {
    return <audio src={entry.viewerUrl} controls preload="metadata" controlsList={noDownload ? "nodownload" : undefined} onContextMenu={blockMenu} className="mx-auto my-8 w-full max-w-xl" data-testid="audio-preview" />;
  }
  if (entry.viewerUrl && kind === "pdf") return <PdfPreview key={entry.id} url={entry.viewerUrl} />;
  if (entry.viewerUrl && isTextual(entry)) return <TextPreview key={entry.id} url={entry.viewerUrl} entry={entry} />;
  return (
    <div className="flex flex-col items-center gap-2 py-16 text-center text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-preview">
      <FileQuestion className="size-10 stroke-[1.25]" aria-hidden />
      {t("public.noPreview")}
    </div>
  );
}
