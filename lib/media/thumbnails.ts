import "server-only";
import sharp, { type OutputInfo, type SharpOptions } from "sharp";
import { THUMBNAIL_SIZES, type ThumbnailSize, type ThumbnailSource } from "@/lib/domain/thumbnails";
import { renderPdfFirstPage } from "./pdf-worker";
import { svgIsSelfContained } from "./svg-safety";
import { renderVideoFrame } from "./video-frame";

export const THUMBNAIL_MIME = "image/webp";
/** Decoding is bounded: a small file can decode to a huge bitmap. */
const MAX_INPUT_PIXELS = 100_000_000;
/** SVGs and PDFs are read whole to check or parse them; larger ones get no thumbnail. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** What sharp may decode for an "image" source (AVIF and HEIC are both "heif"); anything else is refused. */
const RASTER_FORMATS = new Set(["jpeg", "png", "webp", "gif", "heif", "tiff"]);

export interface ThumbnailInput {
  source: ThumbnailSource;
  mimeType: string;
  /** the content as a file on this machine (videos need one) … */
  filePath?: string;
  /** … or in memory */
  buffer?: Buffer;
}

export interface RenderedThumbnail {
  size: ThumbnailSize;
  data: Buffer;
  width: number;
  height: number;
}

/** The content cannot get a thumbnail (not decodable, unsafe SVG, too large); the reason is kept on the row. */
export class NoThumbnailError extends Error {}

/**
 * Renders the thumbnails of one file: WebP fitting 1024×1024 and 256×256 (never enlarged, EXIF orientation applied,
 * metadata dropped; GIF and other animations give their first frame). The small one is made from the large one, so
 * the original is decoded once. Throws NoThumbnailError for content that cannot have one, ToolMissingError
 * (video-frame.ts) when a needed program is absent.
 */
export async function renderThumbnails(input: ThumbnailInput): Promise<RenderedThumbnail[]> {
  const [large, small] = [...THUMBNAIL_SIZES].sort((a, b) => b - a) as [ThumbnailSize, ThumbnailSize];
  const { image, options, hevc } = await decodable(input, large);
  let first: { data: Buffer; info: OutputInfo };
  try {
    first = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "none", ...options })
      .rotate()
      .resize({ width: large, height: large, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    if (hevc) throw new NoThumbnailError(HEVC_MISSING);
    throw new NoThumbnailError(`The ${input.source} could not be decoded: ${e instanceof Error ? e.message : String(e)}`);
  }
  const second = await sharp(first.data).resize({ width: small, height: small, fit: "inside", withoutEnlargement: true }).webp({ quality: 78 }).toBuffer({ resolveWithObject: true });
  return [
    { size: large, data: first.data, width: first.info.width, height: first.info.height },
    { size: small, data: second.data, width: second.info.width, height: second.info.height },
  ];
}

/** Why a HEIC gets no thumbnail on a libvips without an HEVC decoder (sharp's prebuilt one reads AVIF only). */
export const HEVC_MISSING = "HEIC (HEVC-coded) images cannot be decoded here: this libvips has no HEVC decoder, so the file keeps its icon.";

/**
 * What sharp is handed for the large render: the file itself, or a rasterised frame or page. `hevc`: an HEVC-coded
 * HEIF, whose header sharp reads even where it cannot decode the pixels.
 */
async function decodable(input: ThumbnailInput, px: number): Promise<{ image: string | Buffer; options?: SharpOptions; hevc?: boolean }> {
  const original = input.filePath ?? input.buffer;
  if (!original) throw new Error("renderThumbnails needs a file path or a buffer.");
  switch (input.source) {
    case "video":
      if (!input.filePath) throw new Error("Video posters need the file on this machine.");
      return { image: await renderVideoFrame(input.filePath, input.mimeType, px) };
    case "pdf":
      return { image: await renderPdfFirstPage(new Uint8Array(await bytesOf(input)), px).catch(notRenderable("PDF")) };
    case "svg":
      return rasterisedSvg(await bytesOf(input), px);
    case "image": {
      const { format, compression } = await sharp(original, { limitInputPixels: false }).metadata().catch(notRenderable("image"));
      // The name said "image", the bytes decide: an SVG in disguise goes through the SVG checks.
      if (format === "svg") return rasterisedSvg(await bytesOf(input), px);
      if (!format || !RASTER_FORMATS.has(format)) throw new NoThumbnailError(`Images of format ${format ?? "unknown"} get no thumbnail.`);
      return { image: original, options: { pages: 1 }, hevc: format === "heif" && compression === "hevc" };
    }
  }
}

/** An SVG rendered at the density that makes its longest side `px` (an icon of 24 px still gets a sharp thumbnail). */
async function rasterisedSvg(bytes: Buffer, px: number): Promise<{ image: Buffer; options: SharpOptions }> {
  if (!svgIsSelfContained(bytes.toString("utf8"))) throw new NoThumbnailError("The SVG refers to content outside itself, so it is not rendered.");
  const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata().catch(notRenderable("SVG"));
  const longest = Math.max(meta.width ?? 0, meta.height ?? 0, 1);
  return { image: bytes, options: { density: Math.min(100_000, Math.max(1, (72 * px) / longest)) } };
}

async function bytesOf(input: ThumbnailInput): Promise<Buffer> {
  if (input.buffer) return input.buffer;
  const { readFile, stat } = await import("node:fs/promises");
  if ((await stat(input.filePath!)).size > MAX_BUFFERED_BYTES) throw new NoThumbnailError("The file is too large for a thumbnail.");
  return readFile(input.filePath!);
}

const notRenderable = (what: string) => (e: unknown): never => {
  throw new NoThumbnailError(`The ${what} could not be read: ${e instanceof Error ? e.message : String(e)}`);
};
