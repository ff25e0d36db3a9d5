import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { ListPartsCommand } from "@aws-sdk/client-s3";
import { Upload } from "@tus/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import { UPLOAD_TTL_MS } from "@/lib/services/upload.service";
import { DurableFileStore } from "@/server/tus/durable-file-store";
import { PolicyDataStore } from "@/server/tus/policy-store";
import { makeUser, readAll } from "../helpers/factories";
import { createTestBucket, s3ForTests, s3Suite, useS3Policy, type TestBucket } from "../helpers/s3";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const S3 = await s3ForTests("skipping tus into S3");
const PROVIDERS = await providers();

/** A PATCH body in 256 KiB pieces; with `failAfter` it breaks (a dropped connection) after that many bytes. */
function body(data: Buffer, failAfter?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return void setTimeout(() => this.destroy(new Error("connection reset")), 20);
      if (sent >= data.length) return this.push(null);
      const end = Math.min(data.length, sent + 256 * 1024, failAfter ?? Infinity);
      this.push(data.subarray(sent, end));
      sent = end;
    },
  });
}

describe.skipIf(!S3).each(PROVIDERS)(s3Suite("tus into an S3 policy on %s", S3), (provider) => {
  let h: TestHarness;
  let bucket: TestBucket;
  let staging: string;
  let actor: Actor;
  let rootId: number;
  const clock = new TestClock(new Date());
  const prefix = "haven/";

  /** A tus datastore as one Haven instance has it (a second one is another instance: nothing shared in memory). */
  const instance = () =>
    new PolicyDataStore(
      new DurableFileStore({ directory: staging }, UPLOAD_TTL_MS),
      async (id) => {
        const s = await h.services.uploads.stagingOf(id);
        return s && { driver: s.driver, storageKey: s.upload.storageKey, size: s.upload.size };
      },
      UPLOAD_TTL_MS,
      5 * MiB,
    );

  /** Begins an upload like onUploadCreate and the POST that follows it. */
  async function begin(store: PolicyDataStore, name: string, size: number) {
    const id = `tus${randomBytes(8).toString("hex")}`;
    const { upload } = await h.services.uploads.begin(actor, id, { parentId: rootId, name, size });
    await store.create(new Upload({ id, size, offset: 0, metadata: { filename: name } }));
    return { id, objectKey: prefix + upload.storageKey };
  }

  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    bucket = await createTestBucket(`tus-${provider}`);
    staging = await mkdtemp(path.join(os.tmpdir(), "haven-tus-s3-"));
    const user = await makeUser(h.services);
    ({ actor, rootId } = user);
    await useS3Policy(h.services, user.spaceId, bucket, { prefix });
  });
  afterAll(async () => {
    await bucket?.cleanup();
    await h?.close();
    await rm(staging, { recursive: true, force: true });
  });

  it("lands parts in the bucket as they arrive and completes into the blob itself, hashed while receiving", async () => {
    const store = instance();
    const data = randomBytes(13 * MiB + 77);
    const { id, objectKey } = await begin(store, "video.bin", data.length);
    expect(await store.write(body(data.subarray(0, 7 * MiB)), id, 0)).toBe(7 * MiB);
    // The first 5 MiB are a part of the open multipart upload under the blob's own key.
    const [open] = await bucket.openMultipartUploads();
    expect(open!.key).toBe(objectKey);
    const parts = await bucket.client.send(new ListPartsCommand({ Bucket: bucket.bucket, Key: objectKey, UploadId: open!.uploadId }));
    expect(parts.Parts?.map((p) => p.Size)).toEqual([5 * MiB]);
    expect((await store.getUpload(id)).offset).toBe(7 * MiB);

    expect(await store.write(body(data.subarray(7 * MiB)), id, 7 * MiB)).toBe(data.length);
    const finished = await store.getUpload(id);
    expect(PolicyDataStore.isStagedInStore(finished)).toBe(true);
    const digest = await store.takeDigest(id, data.length);
    expect(digest).toEqual({ sha256: sha(data), sha1: createHash("sha1").update(data).digest("hex") });
    const node = await h.services.uploads.finishInStore(id, { actor, ...digest });
    // tus looks once more after the commit (a POST's Upload-Expires): still complete, though the row is gone.
    expect((await store.getUpload(id)).offset).toBe(data.length);
    await store.cleanUpFinished(id);
    store.forgetFinished(id);
    await expect(store.getUpload(id)).rejects.toMatchObject({ status_code: 404 });

    expect(await bucket.openMultipartUploads()).toEqual([]);
    expect(await bucket.keys()).toEqual([objectKey]);
    const content = await h.services.downloads.openFile(actor, node.id);
    expect(content.version.sha256).toBe(sha(data));
    expect(sha(await readAll(await content.open()))).toBe(sha(data));
    expect(await h.services.uploads.find(id)).toBeNull();
  });

  it("resumes on another instance after a broken PATCH, and the digest still matches the stored bytes", async () => {
    const a = instance();
    const data = randomBytes(12 * MiB + 5);
    const { id, objectKey } = await begin(a, "resumed.bin", data.length);
    expect(await a.write(body(data.subarray(0, 6 * MiB)), id, 0)).toBe(6 * MiB);
    await expect(a.write(body(data.subarray(6 * MiB), 4 * MiB), id, 6 * MiB)).rejects.toBeDefined();

    // s3-store folds the 1 MiB tail it kept as a side object into the next PATCH's first part: broken, that part is
    // lost and the offset falls back to the last complete part. The client resends from the offset HEAD gives.
    const b = instance();
    const offset = (await b.getUpload(id)).offset;
    expect(offset).toBeGreaterThanOrEqual(5 * MiB);
    expect(offset).toBeLessThan(data.length);
    expect(await b.write(body(data.subarray(offset)), id, offset)).toBe(data.length);
    // B saw only the tail, A's running hash is stale: neither claims a digest, and the finisher hashes the object.
    expect(await b.takeDigest(id, data.length)).toBeUndefined();
    expect(await a.takeDigest(id, data.length)).toBeUndefined();
    const node = await h.services.uploads.finishInStore(id, { actor });
    await b.cleanUpFinished(id);
    const content = await h.services.downloads.openFile(actor, node.id);
    expect(content.version.sha256).toBe(sha(data));
    expect(sha(await readAll(await content.open()))).toBe(sha(data));
    expect((await bucket.keys()).filter((k) => k.startsWith(objectKey))).toEqual([objectKey]);
  });

  it("a refused finish (size mismatch) deletes the object and cancels the upload", async () => {
    const store = instance();
    const data = randomBytes(2 * MiB);
    const { id, objectKey } = await begin(store, "short.bin", data.length);
    await store.write(body(data), id, 0);
    // The row says 2 MiB; pretend the bucket holds something else by finishing a different upload's bytes.
    const space = await h.services.uow.repos.spaces.findById((await h.services.uploads.find(id))!.spaceId);
    await h.services.uow.repos.uploads.remove(id);
    await h.services.uow.repos.uploads.create({ ...(await fakeRow(id, data.length + 1)) });
    await expect(h.services.uploads.finishInStore(id, { actor })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await store.cleanUpFinished(id);
    expect((await bucket.keys()).filter((k) => k.startsWith(objectKey))).toEqual([]);
    expect(await h.services.uploads.find(id)).toBeNull();

    async function fakeRow(uploadId: string, size: number) {
      return { id: uploadId, userId: actor.userId, spaceId: space!.id, parentId: rootId, name: "short.bin", size, onConflict: "rename" as const, mtime: null, policyId: space!.policyId, storageKey: objectKey.slice(prefix.length), shareLinkId: null, createdAt: clock.now(), expiresAt: new Date(clock.now().getTime() + UPLOAD_TTL_MS) };
    }
  });

  it("expired and terminated uploads abort their multipart uploads and leave nothing in the bucket", async () => {
    const store = instance();
    const expiring = await begin(store, "abandoned.bin", 20 * MiB);
    await store.write(body(randomBytes(7 * MiB)), expiring.id, 0);
    // Completed in the bucket, but the request that would have committed it died.
    const orphaned = await begin(store, "never-committed.bin", 6 * MiB);
    expect(await store.write(body(randomBytes(6 * MiB)), orphaned.id, 0)).toBe(6 * MiB);
    const terminated = await begin(store, "cancelled.bin", 20 * MiB);
    await store.write(body(randomBytes(6 * MiB)), terminated.id, 0);
    const ours = async () => (await bucket.openMultipartUploads()).map((u) => u.key).filter((k) => k === expiring.objectKey || k === terminated.objectKey);
    expect((await ours()).sort()).toEqual([expiring.objectKey, terminated.objectKey].sort());

    await store.remove(terminated.id);
    await h.services.uploads.cancel(terminated.id);
    clock.advance(UPLOAD_TTL_MS + 60_000);
    expect((await h.services.uploads.expire()).sort()).toEqual([expiring.id, orphaned.id].sort());
    expect(await ours()).toEqual([]);
    expect(await bucket.openMultipartUploads()).toEqual([]);
    const left = await bucket.keys();
    expect(left.filter((k) => [expiring, terminated, orphaned].some((u) => k.startsWith(u.objectKey)))).toEqual([]);
  });
});
