import { createHash, randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import { makeUser, readAll } from "../helpers/factories";
import { createTestBucket, s3ForTests, s3Suite, useS3Policy, type TestBucket } from "../helpers/s3";
import { createHarness, providers, type TestHarness } from "../helpers/services";

const MiB = 1024 * 1024;
const hex = (algorithm: string, b: Buffer) => createHash(algorithm).update(b).digest("hex");
const S3 = await s3ForTests("skipping chunked uploads into S3");
const PROVIDERS = await providers();

/**
 * Nextcloud chunked upload v2 into an S3 storage policy: the assembled file goes into the bucket as one multipart
 * upload (not stored elsewhere and copied), and no multipart upload is left open, whether it finishes, is cancelled,
 * fails its checksum or loses its precondition at commit.
 */
describe.skipIf(!S3).each(PROVIDERS)(s3Suite("chunked uploads into an S3 policy on %s", S3), (provider) => {
  let h: TestHarness;
  let bucket: TestBucket;
  let actor: Actor;
  let rootId: number;
  const prefix = "nc/";

  beforeAll(async () => {
    h = await createHarness(provider);
    bucket = await createTestBucket(`chunked-${provider}`);
    const user = await makeUser(h.services, { quota: 200 * MiB });
    ({ actor, rootId } = user);
    await useS3Policy(h.services, user.spaceId, bucket, { prefix });
  });
  afterAll(async () => {
    await bucket?.cleanup();
    await h?.close();
  });

  const staged = async () => (await readdir(path.join(h.dataDir, "blobs", ".uploads")).catch(() => [])).filter((f) => f.startsWith("nc-"));
  const usage = async () => h.services.spaces.personalSpace(actor.userId);
  /** MKCOL with Destination and OC-Total-Length, then the chunks (5 MiB each, the last shorter) in the given order. */
  async function upload(folder: string, name: string, data: Buffer, order?: number[]) {
    const target = { parentId: rootId, name };
    await h.services.chunkedUploads.start(actor, folder, { target, total: data.length });
    const count = Math.ceil(data.length / (5 * MiB));
    for (const i of order ?? Array.from({ length: count }, (_, n) => n)) {
      const part = data.subarray(i * 5 * MiB, (i + 1) * 5 * MiB);
      await h.services.chunkedUploads.putChunk(actor, folder, String(i + 1), Readable.from([part]), part.length);
    }
    return target;
  }

  it("assembles a 12 MiB upload sent out of order into one object of the bucket, with SHA-1 and SHA-256", async () => {
    const data = randomBytes(12 * MiB + 77);
    const target = await upload("big", "big.bin", data, [2, 0, 1]);
    const node = await h.services.chunkedUploads.finish(actor, "big", { target, total: data.length, checksum: { algorithm: "sha1", hex: hex("sha1", data) } });
    expect(node).toMatchObject({ name: "big.bin", size: data.length });
    const content = await h.services.downloads.openFile(actor, node.id);
    expect(hex("sha256", await readAll(await content.open()))).toBe(hex("sha256", data));
    const { node: listed } = await h.services.files.resolvePath(actor, rootId, ["big.bin"]);
    expect(listed).toMatchObject({ sha256: hex("sha256", data), sha1: hex("sha1", data) });
    // The one object is the blob; nothing else in the bucket, nothing open, nothing left staged, the reservation used.
    const keys = await bucket.keys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^nc\/[0-9a-f]{32}$/);
    expect(await bucket.openMultipartUploads()).toEqual([]);
    expect(await staged()).toEqual([]);
    expect(await usage()).toMatchObject({ usedBytes: data.length, reservedBytes: 0 });
  });

  it("leaves nothing in the bucket when an upload is cancelled, fails its checksum or loses its precondition", async () => {
    const before = await bucket.keys();
    const used = (await usage()).usedBytes;
    // DELETE of the upload folder after two of three chunks.
    const data = randomBytes(11 * MiB);
    await upload("cancelled", "c.bin", data, [0, 1]);
    await h.services.chunkedUploads.cancel(actor, "cancelled");
    // A wrong OC-Checksum at MOVE.
    const target = await upload("wrong-sum", "w.bin", data);
    await expect(h.services.chunkedUploads.finish(actor, "wrong-sum", { target, total: data.length, checksum: { algorithm: "sha1", hex: "0".repeat(40) } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    // The If-Match the client sent no longer holds when the commit runs: the object stored for it is removed again.
    const first = await h.services.chunkedUploads.finish(actor, "wrong-sum", { target, total: data.length }).catch((e: { code: string }) => e.code);
    expect(first).toBe("NOT_FOUND");
    const stale = await upload("stale", "big.bin", data);
    const { node: current } = await h.services.files.resolvePath(actor, rootId, ["big.bin"]);
    await expect(h.services.chunkedUploads.finish(actor, "stale", { target: stale, total: data.length, ifMatch: { nodeId: current!.node.id, etag: "not-the-etag" } })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((await bucket.keys()).sort()).toEqual(before.sort());
    expect(await bucket.openMultipartUploads()).toEqual([]);
    expect(await staged()).toEqual([]);
    expect(await usage()).toMatchObject({ usedBytes: used, reservedBytes: 0 });
  });
});
