import "server-only";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import { THUMBNAIL_SIZES, thumbnailSource, type ThumbnailSize, type ThumbnailSource } from "@/lib/domain/thumbnails";
import type { NodeRecord } from "@/lib/domain/types";
import { HEIC_SAMPLE_64x48 } from "@/lib/media/heic-sample";
import { NoThumbnailError, renderThumbnails, THUMBNAIL_MIME, type ThumbnailInput } from "@/lib/media/thumbnails";
import { ffmpegAvailable, ToolMissingError } from "@/lib/media/video-frame";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { JobRow } from "@/lib/repositories/job.repository";
import type { ThumbnailSourceRow } from "@/lib/repositories/thumbnail.repository";
import type { StorageDriver } from "@/lib/storage/driver";
import type { StorageRegistry } from "@/lib/storage/registry";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import { assertAdmin } from "./user.service";

/** A ready thumbnail to serve. */
export interface ThumbnailContent {
  node: NodeRecord;
  /** stable per blob, size and rendering */
  etag: string;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  open(): Promise<Readable>;
}

/** Which kinds of files this server can make thumbnails of (Admin → Jobs shows it; absent tools are named). */
export interface ThumbnailCapabilities {
  formats: { format: string; available: boolean; note?: string }[];
}

const BACKFILL_BATCH = 50;

/** The storage key of a blob's thumbnail: derived from the blob's key, so a re-render overwrites in place. */
export function thumbnailKey(blobKey: string, size: number): string {
  return createHash("sha256").update(`thumbnail:${blobKey}:${size}`).digest("hex").slice(0, 32);
}

/**
 * Queues the rendering of a new blob's thumbnails in the caller's transaction. Called where versions are committed
 * (UploadService.commit: tus, WebDAV PUT and visitor uploads alike); copies and restored versions share a blob that
 * has them already.
 */
export async function enqueueThumbnails(repos: Repositories, blobId: number, mimeType: string | null, now: Date): Promise<void> {
  if (thumbnailSource(mimeType)) await repos.jobs.enqueue({ type: "thumbnails.render", payload: { blobId }, runAt: now });
}

/**
 * Thumbnails of files: rendered per blob in two sizes by a job, stored through the blob's storage driver, served
 * under the same rule as reading the file. Keyed by blob, so versions, copies, renames and moves share them; they go
 * when the blob goes (BlobService).
 */
export class ThumbnailService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly storage: StorageRegistry,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The thumbnail of a file's current version at `size`, for anyone who may read the file. NOT_FOUND for folders,
   * files without one, and (with `retryAfter`, "not yet") while it is being rendered.
   */
  async thumbnailFor(actor: Actor, nodeId: number, size: ThumbnailSize): Promise<ThumbnailContent> {
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    return this.ofNode(node, size);
  }

  /** The thumbnail of a node the caller has already cleared for this reader (the visitor service, after its gate). */
  async ofNode(node: NodeRecord, size: ThumbnailSize): Promise<ThumbnailContent> {
    if (node.isFolder || !thumbnailSource(node.mimeType) || node.currentVersionId === null) throw new DomainError("NOT_FOUND", "This file has no thumbnail.");
    const { blobId, thumbnail, policy } = await this.uow.repos.thumbnails.forVersion(node.currentVersionId, size);
    if (blobId === null || !policy) throw new DomainError("NOT_FOUND", "This file has no thumbnail.");
    if (!thumbnail) {
      // Files from before thumbnails existed render when first asked for (one pending job per blob).
      await this.jobs.enqueue("thumbnails.render", { blobId }, { uniqueKey: `thumbnail:${blobId}` });
      throw new DomainError("NOT_FOUND", "The thumbnail is not ready yet.", { retryAfter: 2, pending: true });
    }
    if (thumbnail.status !== "ready" || !thumbnail.key) throw new DomainError("NOT_FOUND", "This file has no thumbnail.");
    const driver = this.storage.driverFor(policy);
    const key = thumbnail.key;
    return {
      node,
      etag: `t${blobId}-${size}-${thumbnail.createdAt.getTime().toString(36)}`,
      mimeType: thumbnail.mimeType,
      bytes: thumbnail.bytes,
      width: thumbnail.width,
      height: thumbnail.height,
      open: () => driver.get(key),
    };
  }

  /**
   * Renders a blob's thumbnails (the `thumbnails.render` job; the backfill). Without `force`, a blob that has its
   * rows already is left alone. Content that cannot have a thumbnail, or needs a missing tool, gets "failed" rows
   * with the reason; anything else (storage trouble) throws so the job is retried.
   */
  async renderBlob(blobId: number, opts: { force?: boolean } = {}): Promise<"ready" | "failed" | "skipped"> {
    const repos = this.uow.repos;
    if (!opts.force && (await repos.thumbnails.forBlob(blobId)).length >= THUMBNAIL_SIZES.length) return "skipped";
    const source = await repos.thumbnails.source(blobId);
    const kind = source && thumbnailSource(source.mimeType);
    if (!source || !kind) return "skipped";
    const driver = this.storage.driverFor(source.policy);
    const now = this.clock.now();
    try {
      const rendered = await this.withContent(driver, source, kind, renderThumbnails);
      for (const t of rendered) {
        const key = thumbnailKey(source.key, t.size);
        await driver.put(key, Readable.from([t.data]));
        const row = { blobId, size: t.size, status: "ready" as const, key, width: t.width, height: t.height, bytes: t.data.length, mimeType: THUMBNAIL_MIME, error: null };
        // The blob may have been collected meanwhile: its row is gone, so are these bytes.
        await repos.thumbnails.save(row, now).catch(async (e: unknown) => {
          await driver.delete(key);
          throw e;
        });
      }
      return "ready";
    } catch (e) {
      if (!(e instanceof NoThumbnailError || e instanceof ToolMissingError)) throw e;
      for (const size of THUMBNAIL_SIZES) {
        await repos.thumbnails.save({ blobId, size, status: "failed", key: null, width: 0, height: 0, bytes: 0, mimeType: THUMBNAIL_MIME, error: e.message.slice(0, 500) }, now);
      }
      return "failed";
    }
  }

  /** Admin → Jobs "Regenerate thumbnails": queues the backfill (one at a time; asking again while it runs does nothing). */
  async requestBackfill(actor: Actor, opts: { all: boolean }): Promise<void> {
    assertAdmin(actor);
    await this.jobs.enqueue("thumbnails.backfill", { all: opts.all }, { uniqueKey: "thumbnails:backfill", maxAttempts: 3 });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "thumbnails.regenerate", details: { all: opts.all } });
  }

  /** Admin → Jobs: what this server can render, and the latest backfill with its progress. */
  async adminStatus(actor: Actor): Promise<{ capabilities: ThumbnailCapabilities; backfill: JobRow | null }> {
    assertAdmin(actor);
    const [backfill] = await this.uow.repos.jobs.list({ type: "thumbnails.backfill" }, 1);
    return { capabilities: await this.capabilities(), backfill: backfill ?? null };
  }

  /**
   * Renders the thumbnails of existing files: those without any (or, with `all`, every one again), reporting
   * progress (0..1) after each blob. Returns the counts.
   */
  async backfill(opts: { all: boolean }, progress: (fraction: number) => Promise<void> = async () => undefined) {
    const repos = this.uow.repos;
    const total = await repos.thumbnails.countCandidates(!opts.all);
    const counts = { total, ready: 0, failed: 0, skipped: 0 };
    let after = 0;
    let done = 0;
    for (;;) {
      const batch = await repos.thumbnails.candidates(after, BACKFILL_BATCH, !opts.all);
      if (batch.length === 0) break;
      for (const { blobId } of batch) {
        counts[await this.renderBlob(blobId, { force: opts.all })]++;
        done++;
        await progress(total > 0 ? Math.min(1, done / total) : 1);
      }
      after = batch[batch.length - 1]!.blobId;
    }
    return counts;
  }

  async capabilities(): Promise<ThumbnailCapabilities> {
    const heicOk = await heicDecodes();
    const input = (format: keyof typeof sharp.format) => Boolean(sharp.format[format]?.input.buffer || sharp.format[format]?.input.file);
    return {
      formats: [
        { format: "JPEG", available: input("jpeg") },
        { format: "PNG", available: input("png") },
        { format: "WebP", available: input("webp") },
        { format: "GIF", available: input("gif") },
        { format: "AVIF", available: input("heif") },
        { format: "HEIC", available: heicOk, note: heicOk ? undefined : "this libvips has no HEVC decoder (sharp's prebuilt one decodes AVIF only); HEIC files show their icon" },
        { format: "TIFF", available: input("tiff") },
        { format: "SVG", available: input("svg") },
        { format: "PDF", available: true },
        { format: "Video", available: ffmpegAvailable(), note: ffmpegAvailable() ? undefined : "ffmpeg is not installed" },
      ],
    };
  }

  /** Hands the renderer the content: the blob's own file on a local driver, else a temporary copy. */
  private async withContent<T>(driver: StorageDriver, source: ThumbnailSourceRow, kind: ThumbnailSource, work: (input: ThumbnailInput) => Promise<T>): Promise<T> {
    const mimeType = source.mimeType ?? "";
    if (driver.capabilities.localPath) return work({ source: kind, mimeType, filePath: driver.localPath(source.key) });
    const dir = await mkdtemp(path.join(os.tmpdir(), "haven-thumb-"));
    try {
      const filePath = path.join(dir, "content");
      await pipeline(await driver.get(source.key), createWriteStream(filePath));
      return await work({ source: kind, mimeType, filePath });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

let heic: Promise<boolean> | undefined;
/**
 * Whether this libvips decodes HEIC (HEVC-coded HEIF). sharp's prebuilt libvips carries libheif with the AV1 codec
 * only: it reads AVIF, and a HEIC's header but not its HEVC pixels (patents), so such files get no thumbnail and
 * show their icon. Probed once by decoding a real HEIC sample.
 */
function heicDecodes(): Promise<boolean> {
  return (heic ??= sharp(HEIC_SAMPLE_64x48)
    .raw()
    .toBuffer()
    .then(() => true, () => false));
}
