import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { ThumbnailSize } from "@/lib/domain/thumbnails";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { JobWorker } from "@/lib/jobs/worker";
import { HEIC_SAMPLE_64x48 } from "@/lib/media/heic-sample";
import { HEVC_MISSING } from "@/lib/media/thumbnails";
import { ffmpegAvailable } from "@/lib/media/video-frame";
import { tinyPdf } from "../../e2e/fixtures";
import { codeOf } from "../helpers/errors";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { createHarness, providers, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();

const solid = (width: number, height: number, background = "#c83c5a") => sharp({ create: { width, height, channels: 3, background } });

/** A 1200×800 JPEG whose EXIF says "rotate 90° clockwise": shown upright it is 800 wide and 1200 high. */
const rotatedJpeg = () => solid(1200, 800).jpeg().withMetadata({ orientation: 6 }).toBuffer();

async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(["#ff0000", "#0000ff"].map((c) => solid(400, 300, c).png().toBuffer()));
  return sharp(frames, { join: { animated: true } }).gif().toBuffer();
}

const ICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="12"><rect width="24" height="12" fill="#3366cc"/></svg>';
const EXTERNAL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="24" height="24"><image xlink:href="file:///etc/hostname" width="24" height="24"/></svg>';

/** A 2-second 320×240 MPEG-4 video made by ffmpeg (only where ffmpeg is installed). */
async function smallVideo(): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "haven-video-"));
  try {
    const out = path.join(dir, "clip.mp4");
    const made = spawnSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "2", "-c:v", "mpeg4", out]);
    if (made.status !== 0) throw new Error(`ffmpeg failed: ${made.stderr.toString()}`);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe.each(PROVIDERS)("thumbnails on %s", (provider) => {
  let h: TestHarness;
  let worker: JobWorker;
  beforeAll(async () => {
    h = await createHarness(provider);
    worker = new JobWorker(h.services.uow, h.services.clock);
    registerJobHandlers(worker, h.services);
  });
  afterAll(async () => h?.close());

  /** Runs the queued jobs (the render jobs the uploads enqueued). */
  const runJobs = async () => {
    while ((await worker.runDue()) > 0);
  };
  const dimensions = async (actor: Actor, nodeId: number, size: ThumbnailSize) => {
    const thumbnail = await h.services.thumbnails.thumbnailFor(actor, nodeId, size);
    const bytes = await readAll(await thumbnail.open());
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe("webp");
    expect(bytes.length).toBe(thumbnail.bytes);
    expect([thumbnail.width, thumbnail.height]).toEqual([meta.width, meta.height]);
    return { width: meta.width, height: meta.height, etag: thumbnail.etag };
  };
  /** The colour at the thumbnail's centre, to tell frames apart. */
  const centre = async (actor: Actor, nodeId: number) => {
    const bytes = await readAll(await (await h.services.thumbnails.thumbnailFor(actor, nodeId, 256)).open());
    const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    const i = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };

  it("renders each image format in both sizes, upright, never enlarged, once the job has run", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const files = {
      "portrait.jpg": await rotatedJpeg(),
      "wide.png": await solid(2000, 500).png().toBuffer(),
      "small.webp": await solid(300, 200).webp().toBuffer(),
      "anim.gif": await animatedGif(),
      "photo.avif": await solid(1600, 1200).avif().toBuffer(),
      "icon.svg": Buffer.from(ICON_SVG),
      "doc.pdf": tinyPdf("Thumbnail page one"),
    };
    const ids: Record<string, number> = {};
    for (const [name, bytes] of Object.entries(files)) ids[name] = (await putFile(h.services, actor, rootId, name, bytes)).id;
    const pending = h.services.thumbnails.thumbnailFor(actor, ids["portrait.jpg"]!, 256).catch((e: unknown) => e);
    expect(isDomainError(await pending) && (await pending)).toMatchObject({ code: "NOT_FOUND", details: { pending: true, retryAfter: 2 } });
    // A miss also makes sure a render is pending (files from before thumbnails existed), once per blob.
    const portraitBlob = (await h.services.uow.repos.blobs.findVersion((await h.services.files.get(actor, ids["portrait.jpg"]!)).node.currentVersionId!))!.blobId;
    const keyed = (await h.services.uow.repos.jobs.list({ type: "thumbnails.render" })).filter((j) => j.uniqueKey === `thumbnail:${portraitBlob}`);
    expect(keyed).toHaveLength(1);

    await runJobs();
    expect(await dimensions(actor, ids["portrait.jpg"]!, 1024)).toMatchObject({ width: 683, height: 1024 });
    expect(await dimensions(actor, ids["portrait.jpg"]!, 256)).toMatchObject({ width: 171, height: 256 });
    expect(await dimensions(actor, ids["wide.png"]!, 1024)).toMatchObject({ width: 1024, height: 256 });
    expect(await dimensions(actor, ids["wide.png"]!, 256)).toMatchObject({ width: 256, height: 64 });
    expect(await dimensions(actor, ids["small.webp"]!, 1024)).toMatchObject({ width: 300, height: 200 });
    expect(await dimensions(actor, ids["anim.gif"]!, 256)).toMatchObject({ width: 256, height: 192 });
    expect(await centre(actor, ids["anim.gif"]!)).toEqual([expect.toSatisfy((r: number) => r > 200), expect.anything(), expect.toSatisfy((b: number) => b < 50)]);
    expect(await dimensions(actor, ids["photo.avif"]!, 1024)).toMatchObject({ width: 1024, height: 768 });
    // The 24×12 icon is rasterised at the density that fills the size, not blown up from 24 pixels.
    expect(await dimensions(actor, ids["icon.svg"]!, 1024)).toMatchObject({ width: 1024, height: 512 });
    expect(await dimensions(actor, ids["doc.pdf"]!, 1024)).toMatchObject({ width: 1024, height: 683 });
    expect(await dimensions(actor, ids["doc.pdf"]!, 256)).toMatchObject({ width: 256, height: 171 });
  });

  it("refuses an SVG that refers outside itself, and marks undecodable content, without retrying it", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const unsafe = await putFile(h.services, actor, rootId, "unsafe.svg", EXTERNAL_SVG);
    const broken = await putFile(h.services, actor, rootId, "broken.jpg", "not a jpeg at all");
    const disguised = await putFile(h.services, actor, rootId, "disguised.png", EXTERNAL_SVG);
    await runJobs();
    for (const node of [unsafe, broken, disguised]) {
      expect(await codeOf(h.services.thumbnails.thumbnailFor(actor, node.id, 256))).toBe("NOT_FOUND");
      const rows = await h.services.uow.repos.thumbnails.forBlob((await h.services.uow.repos.blobs.findVersion(node.currentVersionId!))!.blobId);
      expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    }
    const unsafeBlob = (await h.services.uow.repos.blobs.findVersion(unsafe.currentVersionId!))!.blobId;
    expect((await h.services.uow.repos.thumbnails.forBlob(unsafeBlob))[0]!.error).toMatch(/outside itself/);
  });

  it("renders HEIC where libvips decodes HEVC, else records why and serves no thumbnail (the icon shows)", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const node = await putFile(h.services, actor, rootId, "iphone.heic", HEIC_SAMPLE_64x48);
    expect(node.mimeType).toBe("image/heic");
    await runJobs();
    const heic = (await h.services.thumbnails.capabilities()).formats.find((f) => f.format === "HEIC")!;
    const decodes = await sharp(HEIC_SAMPLE_64x48).raw().toBuffer().then(() => true, () => false);
    expect(heic.available).toBe(decodes);
    if (decodes) {
      expect(await dimensions(actor, node.id, 256)).toMatchObject({ width: 64, height: 48 });
      return;
    }
    // sharp's prebuilt libvips reads the HEIF container (size, "hevc") but has no HEVC decoder.
    expect(await sharp(HEIC_SAMPLE_64x48).metadata()).toMatchObject({ format: "heif", compression: "hevc", width: 64, height: 48 });
    expect(heic.note).toMatch(/no HEVC decoder/);
    const blobId = (await h.services.uow.repos.blobs.findVersion(node.currentVersionId!))!.blobId;
    const rows = await h.services.uow.repos.thumbnails.forBlob(blobId);
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(rows[0]!.error).toBe(HEVC_MISSING);
    // Not "pending": the browser stops asking and keeps the file's icon; the job is not retried.
    const miss = await h.services.thumbnails.thumbnailFor(actor, node.id, 256).catch((e: unknown) => e);
    expect(isDomainError(miss) && miss.code).toBe("NOT_FOUND");
    expect(isDomainError(miss) && miss.details).toBeFalsy();
    expect((await h.services.uow.repos.jobs.list({ type: "thumbnails.render" })).filter((j) => j.payload.blobId === blobId && j.status === "queued")).toEqual([]);
  });

  it("makes a video's poster frame with ffmpeg, or reports that ffmpeg is missing", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const video = ffmpegAvailable() ? await smallVideo() : Buffer.from("no ffmpeg to make a video with");
    const node = await putFile(h.services, actor, rootId, "clip.mp4", video);
    await runJobs();
    const capabilities = await h.services.thumbnails.capabilities();
    expect(capabilities.formats.find((f) => f.format === "Video")).toMatchObject({ available: ffmpegAvailable() });
    if (ffmpegAvailable()) {
      expect(await dimensions(actor, node.id, 1024)).toMatchObject({ width: 320, height: 240 });
    } else {
      const blobId = (await h.services.uow.repos.blobs.findVersion(node.currentVersionId!))!.blobId;
      expect((await h.services.uow.repos.thumbnails.forBlob(blobId))[0]!.error).toMatch(/ffmpeg/);
    }
  });

  it("serves only to readers: another user and a link to another folder get NOT_FOUND, a link visitor inside gets it", async () => {
    const owner = await makeUser(h.services);
    const stranger = await makeUser(h.services);
    const album = await h.services.files.createFolder(owner.actor, owner.rootId, "Album");
    const other = await h.services.files.createFolder(owner.actor, owner.rootId, "Other");
    const photo = await putFile(h.services, owner.actor, album.node.id, "p.jpg", await rotatedJpeg());
    await runJobs();
    expect(await codeOf(h.services.thumbnails.thumbnailFor(stranger.actor, photo.id, 256))).toBe("NOT_FOUND");
    const inside = await h.services.shareLinks.createLink(owner.actor, album.node.id, { mode: "preview" });
    const outside = await h.services.shareLinks.createLink(owner.actor, other.node.id, { mode: "view" });
    const visit = (token: string) => h.services.visitors.thumbnail({ token, cookies: {} }, photo.id, 256);
    expect((await visit(inside.link.token)).width).toBe(171);
    expect(await codeOf(visit(outside.link.token))).toBe("NOT_FOUND");
    const folder = await codeOf(h.services.thumbnails.thumbnailFor(owner.actor, album.node.id, 256));
    expect(folder).toBe("NOT_FOUND");
  });

  it("keeps a file's thumbnail through renames, moves and copies (same blob, same ETag), and a new version gets its own", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const photo = await putFile(h.services, actor, rootId, "a.jpg", await rotatedJpeg());
    await runJobs();
    const before = await dimensions(actor, photo.id, 256);
    const folder = await h.services.files.createFolder(actor, rootId, "Moved");
    await h.services.files.rename(actor, photo.id, "renamed.jpg");
    await h.services.files.move(actor, [photo.id], folder.node.id);
    expect((await dimensions(actor, photo.id, 256)).etag).toBe(before.etag);
    const [copy] = await h.services.files.copy(actor, [photo.id], rootId);
    expect((await dimensions(actor, copy!.node.id, 256)).etag).toBe(before.etag);

    await putFile(h.services, actor, folder.node.id, "renamed.jpg", await solid(500, 500).jpeg().toBuffer(), { onConflict: "replace" });
    expect(await codeOf(h.services.thumbnails.thumbnailFor(actor, photo.id, 256))).toBe("NOT_FOUND");
    await runJobs();
    const after = await dimensions(actor, photo.id, 256);
    expect(after).toMatchObject({ width: 256, height: 256 });
    expect(after.etag).not.toBe(before.etag);
  });

  it("deletes a blob's thumbnails, rows and bytes, when the blob is collected", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const photo = await putFile(h.services, actor, rootId, "gone.png", await solid(600, 400).png().toBuffer());
    await runJobs();
    const blobId = (await h.services.uow.repos.blobs.findVersion(photo.currentVersionId!))!.blobId;
    const rows = await h.services.uow.repos.thumbnails.forBlob(blobId);
    expect(rows).toHaveLength(2);
    const policy = (await h.services.uow.repos.spaces.policyById((await h.services.uow.repos.blobs.findById(blobId))!.policyId))!;
    const driver = h.services.storage.driverFor(policy);
    for (const row of rows) expect(await driver.stat(row.key!)).not.toBeNull();

    await h.services.trash.trash(actor, [photo.id]);
    await h.services.trash.purge(actor, [photo.id]);
    await h.services.blobs.collectUnreferenced();
    expect(await h.services.uow.repos.thumbnails.forBlob(blobId)).toEqual([]);
    for (const row of rows) expect(await driver.stat(row.key!)).toBeNull();
  });

  it("backfills files without thumbnails with progress, and regenerates all of them on request (admins only)", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const { actor, rootId } = await makeUser(h.services);
    const photo = await putFile(h.services, actor, rootId, "old.png", await solid(640, 480).png().toBuffer());
    const fractions: number[] = [];
    const first = await h.services.thumbnails.backfill({ all: false }, async (f) => void fractions.push(f));
    expect(first.ready).toBeGreaterThanOrEqual(1);
    expect(fractions.at(-1)).toBe(1);
    expect(await dimensions(actor, photo.id, 256)).toMatchObject({ width: 256, height: 192 });
    expect((await h.services.thumbnails.backfill({ all: false })).total).toBe(0);
    expect((await h.services.thumbnails.backfill({ all: true })).total).toBeGreaterThanOrEqual(first.total);

    expect(await codeOf(h.services.thumbnails.requestBackfill(actor, { all: true }))).toBe("FORBIDDEN");
    await h.services.thumbnails.requestBackfill(admin.actor, { all: false });
    const [job] = await h.services.uow.repos.jobs.list({ type: "thumbnails.backfill" });
    expect(job).toMatchObject({ status: "queued", payload: { all: false } });
    await runJobs();
    expect(await h.services.uow.repos.jobs.findById(job!.id)).toMatchObject({ status: "done", progress: 1 });
  });
});
