/** Which files get thumbnails, and their sizes: one rule for the render job, the API and the browser. */

/** Longest side, in pixels, of the two sizes rendered for every thumbnailable file. */
export const THUMBNAIL_SIZES = [256, 1024] as const;
export type ThumbnailSize = (typeof THUMBNAIL_SIZES)[number];

/** How a file is turned into a thumbnail: decoded by sharp, an SVG rasterised, a video's frame, a PDF's first page. */
export type ThumbnailSource = "image" | "svg" | "video" | "pdf";

const IMAGE = /^image\/(jpeg|pjpeg|png|apng|webp|gif|avif|heic|heif|heic-sequence|heif-sequence|tiff)$/i;
/** Video containers whose ffmpeg demuxer is named explicitly (never sniffed: a playlist must not be followed). */
export const VIDEO_DEMUXERS: Record<string, string> = {
  "video/mp4": "mov",
  "video/quicktime": "mov",
  "video/x-m4v": "mov",
  "video/3gpp": "mov",
  "video/webm": "matroska",
  "video/x-matroska": "matroska",
  "video/x-msvideo": "avi",
  "video/mpeg": "mpeg",
  "video/ogg": "ogg",
};

export function thumbnailSource(mimeType: string | null): ThumbnailSource | null {
  if (!mimeType) return null;
  const mime = mimeType.toLowerCase();
  if (IMAGE.test(mime)) return "image";
  if (mime === "image/svg+xml") return "svg";
  if (mime in VIDEO_DEMUXERS) return "video";
  if (mime === "application/pdf") return "pdf";
  return null;
}

export const hasThumbnail = (node: { isFolder: boolean; mimeType: string | null }) => !node.isFolder && thumbnailSource(node.mimeType) !== null;

/** A size from a query parameter: 256 or 1024, anything else is null. */
export function parseThumbnailSize(value: string | null | undefined): ThumbnailSize | null {
  const n = Number(value ?? 256);
  return (THUMBNAIL_SIZES as readonly number[]).includes(n) ? (n as ThumbnailSize) : null;
}
