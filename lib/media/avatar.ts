import "server-only";
import sharp, { type Metadata } from "sharp";

/** Avatars are stored as this many pixels square, WebP. */
export const AVATAR_PX = 256;
export const AVATAR_MIME = "image/webp";
/** Uploads larger than this are refused before decoding. */
export const MAX_AVATAR_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Images with more pixels than this are refused (a small file can decode to a huge bitmap). */
export const MAX_AVATAR_INPUT_PIXELS = 40_000_000;

export class NotAnImageError extends Error {}
export class ImageTooLargeError extends Error {}

/**
 * Re-encodes an uploaded picture as a 256 px square WebP (EXIF orientation applied, cropped to the centre, metadata
 * dropped: sharp keeps none unless asked). Throws NotAnImageError for anything sharp cannot decode and
 * ImageTooLargeError past MAX_AVATAR_INPUT_PIXELS.
 */
export async function renderAvatar(input: Buffer): Promise<Buffer> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new NotAnImageError("not an image");
  }
  if (!meta.width || !meta.height || !meta.format) throw new NotAnImageError("not an image");
  if (meta.width * meta.height * (meta.pages ?? 1) > MAX_AVATAR_INPUT_PIXELS) throw new ImageTooLargeError("too many pixels");
  try {
    return await sharp(input, { limitInputPixels: MAX_AVATAR_INPUT_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: AVATAR_PX, height: AVATAR_PX, fit: "cover", position: "attention" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new NotAnImageError("the image could not be decoded");
  }
}
