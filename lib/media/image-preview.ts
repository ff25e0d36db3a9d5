import "server-only";
import type { Readable } from "node:stream";
import sharp from "sharp";

/** The longest side a server-rendered preview may have: previews never reach full resolution beyond this. */
export const MAX_PREVIEW_PX = 1600;
export const PREVIEW_MIME = "image/webp";

/** Clamps a requested preview width to 16…MAX_PREVIEW_PX (default 1280). */
export function previewWidth(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return 1280;
  return Math.min(MAX_PREVIEW_PX, Math.max(16, Math.round(requested)));
}

/**
 * Re-encodes an image as WebP that fits in a `size`×`size` box (EXIF orientation applied, metadata dropped,
 * never enlarged): the original bytes are never passed through. Decoding is bounded to 100 megapixels.
 */
export function renderPreview(source: Readable, size: number): Readable {
  const transform = sharp({ limitInputPixels: 100_000_000, failOn: "error" })
    .rotate()
    .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
    .webp({ quality: 80 });
  source.on("error", (e) => transform.destroy(e));
  return source.pipe(transform);
}
