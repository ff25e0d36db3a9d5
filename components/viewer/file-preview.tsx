"use client";

import { fileKind } from "@/lib/domain/file-kind";
import type { PublicEntry } from "@/lib/client/share-api";
import { DetailsCard } from "./details-card";
import { ImageView } from "./image-view";
import { PdfView } from "./pdf-view";
import { TextView } from "./text-view";

/** Text-like files the viewer can show even when the MIME type is vague. */
export function isTextual(entry: { isFolder: boolean; name: string; mimeType: string | null }): boolean {
  const kind = fileKind(entry);
  return kind === "text" || kind === "code" || (entry.mimeType ?? "").startsWith("text/");
}

/** An entry the lightbox shows (and steps through): an image with a URL an <img> may load. */
export function isImageEntry(entry: PublicEntry): boolean {
  return fileKind(entry) === "image" && entry.previewUrl !== null;
}

/**
 * One file's content, by kind: an image (lightbox controls), <video>/<audio> on the range-capable viewer URL, PDF on
 * canvases, text (detected encoding, highlighted code) or safe Markdown, else a details card with a download
 * button. `noDownload` (preview-only links) also hides the media players' own download entries; it cannot stop a
 * screenshot or a screen recording. The share page shows the same components, inline for a single file.
 */
export function FilePreview({ entry, noDownload, onPrevious, onNext, fill }: { entry: PublicEntry; noDownload: boolean; onPrevious?: () => void; onNext?: () => void; /** images take the parent's height (the overlay) */ fill?: boolean }) {
  const kind = fileKind(entry);
  const blockMenu = noDownload ? (event: React.MouseEvent) => event.preventDefault() : undefined;

  if (entry.previewUrl && kind === "image") {
    return (
      <div className={fill ? "h-full w-full" : "h-[75dvh] w-full"}>
        <ImageView url={entry.previewUrl} name={entry.name} noDownload={noDownload} onPrevious={onPrevious} onNext={onNext} />
      </div>
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
  if (entry.viewerUrl && kind === "pdf") return <PdfView key={entry.id} url={entry.viewerUrl} />;
  if (entry.viewerUrl && isTextual(entry)) return <TextView key={entry.id} url={entry.viewerUrl} entry={entry} />;
  return <DetailsCard entry={entry} noDownload={noDownload} />;
}
