"use client";

import { PreviewOverlay } from "@/components/share/public/preview-overlay";
import type { NodeView } from "@/lib/client/api-types";
import { contentUrl } from "@/lib/client/drive-api";
import type { PublicEntry } from "@/lib/client/share-api";
import { fileKind } from "@/lib/domain/file-kind";
import { servedType } from "@/lib/domain/served-type";

/**
 * A drive file as the viewer shows it. The page plays media from the content URL itself: opened as a tab of its
 * own, that URL is a sandboxed document with an opaque origin, where Chromium refuses to load the media.
 */
export function viewerEntry(node: NodeView): PublicEntry {
  const url = contentUrl(node.id);
  // An <img> shows only what is served as an image (SVG is served as bytes).
  const image = fileKind(node) === "image" && servedType(node.mimeType).contentType.startsWith("image/");
  return {
    id: node.id,
    name: node.name,
    isFolder: false,
    size: node.size,
    mimeType: node.mimeType,
    mtime: node.mtime,
    previewUrl: image ? url : null,
    viewerUrl: url,
    downloadUrl: contentUrl(node.id, { download: true }),
  };
}

/** The file viewer of the drive and of "Shared with me": video, audio, images, PDF, text, or a download. */
export function FileViewer({ node, onClose }: { node: NodeView; onClose: () => void }) {
  return <PreviewOverlay entry={viewerEntry(node)} noDownload={false} onClose={onClose} downloadTestId="viewer-download" />;
}
