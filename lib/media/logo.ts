import "server-only";
import sharp from "sharp";

export const LOGO_MIME = "image/png";

/** Re-encodes an uploaded logo as a PNG that fits in 256×256 (never enlarged, metadata dropped); throws on non-images. */
export async function renderLogo(input: Buffer): Promise<Buffer> {
  return sharp(input, { limitInputPixels: 40_000_000, failOn: "error" })
    .rotate()
    .resize({ width: 256, height: 256, fit: "inside", withoutEnlargement: true })
    .png()
    .toBuffer();
}
