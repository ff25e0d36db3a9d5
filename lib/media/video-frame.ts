import "server-only";
import { spawn, spawnSync } from "node:child_process";
import { VIDEO_DEMUXERS } from "@/lib/domain/thumbnails";

/** The ffmpeg program: $HAVEN_FFMPEG, else `ffmpeg` on the PATH (Debian's, installed by scripts/lib.sh ensure_ffmpeg). */
export const ffmpegCommand = () => process.env.HAVEN_FFMPEG || "ffmpeg";

let available: boolean | undefined;
/** Whether ffmpeg runs here (checked once per process). Video posters need it; its absence is reported, never hidden. */
export function ffmpegAvailable(): boolean {
  return (available ??= spawnSync(ffmpegCommand(), ["-hide_banner", "-version"], { stdio: "ignore", timeout: 10_000 }).status === 0);
}

export class ToolMissingError extends Error {}

const FRAME_TIMEOUT_MS = 60_000;

/**
 * A video's poster frame as PNG: the frame at 1 s (the very first for shorter videos), scaled to fit `px`.
 * The demuxer is named from the MIME type and only the file protocol is allowed, so a crafted file cannot make
 * ffmpeg follow a playlist or open another path or URL.
 */
export async function renderVideoFrame(filePath: string, mimeType: string, px: number): Promise<Buffer> {
  if (!ffmpegAvailable()) throw new ToolMissingError("Video posters need ffmpeg, which is not installed on this server.");
  const demuxer = VIDEO_DEMUXERS[mimeType.toLowerCase()];
  if (!demuxer) throw new Error(`No poster frame for ${mimeType}.`);
  return (await grab(filePath, demuxer, px, "1")) ?? (await grab(filePath, demuxer, px, "0")) ?? failNoFrame();
}

function failNoFrame(): never {
  throw new Error("The video has no frame that could be decoded.");
}

function grab(filePath: string, demuxer: string, px: number, at: string): Promise<Buffer | null> {
  const args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-protocol_whitelist", "file", "-ss", at, "-f", demuxer, "-i", `file:${filePath}`,
    "-frames:v", "1", "-vf", `scale=w='min(iw,${px})':h='min(ih,${px})':force_original_aspect_ratio=decrease`, "-f", "image2pipe", "-c:v", "png", "pipe:1"];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegCommand(), args, { stdio: ["ignore", "pipe", "pipe"], timeout: FRAME_TIMEOUT_MS });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
    child.on("error", reject);
    child.on("close", (code) => {
      const png = Buffer.concat(out);
      if (code === 0) resolve(png.length > 0 ? png : null);
      else reject(new Error(`ffmpeg could not read the video: ${err.trim() || `exit ${code}`}`));
    });
  });
}
