import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import type { PolicyRecord } from "@/lib/domain/types";
import { ORPHAN_GRACE_MS } from "@/lib/services/consistency.service";
import { MOVED_BLOB_GRACE_MS } from "@/lib/services/policy-migration.service";
import { sealS3Config } from "@/lib/storage/s3-config";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { runMigration } from "../helpers/migration";
import { createTestBucket, s3ForTests, s3Suite, type TestBucket } from "../helpers/s3";

const S3 = await s3ForTests("skipping the local → S3 migration and fsck tests");
const PROVIDERS = await providers();
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.skipIf(!S3).each(PROVIDERS)(s3Suite("policy migration local → S3 (radosgw) and fsck on S3, on %s", S3), (provider) => {
  let h: TestHarness;
  let bucket: TestBucket;
  let s3: PolicyRecord;
  let worker: JobWorker;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    bucket = await createTestBucket(`migrate-${provider}`);
    s3 = await h.services.uow.repos.spaces.createPolicy({ name: "s3", kind: "s3", config: sealS3Config(bucket.config({ prefix: "blobs/" }), h.services.storageSecrets), isDefault: false });
    worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
  });
  afterAll(async () => {
    await bucket?.cleanup();
    await h?.close();
  });

  it("dry run, then a verified move with reads served throughout; the old local copies go after the grace period", async () => {
    const { user, actor, rootId } = await makeUser(h.services);
    const local = h.services.storage.driverFor(await h.services.spaces.defaultPolicy());
    const contents = new Map<number, Buffer>();
    for (let i = 0; i < 30; i++) {
      const data = randomBytes(i === 0 ? 6 * 1024 * 1024 : 1500 + i * 37);
      contents.set((await putFile(h.services, actor, rootId, `s${i}.bin`, data)).id, data);
    }
    const oldKeys = await Promise.all([...contents.keys()].map(async (id) => (await h.services.downloads.openFile(actor, id)).version.blobId))
      .then((ids) => Promise.all(ids.map(async (b) => (await h.services.uow.repos.blobs.findById(b))!.key)));
    const bytes = [...contents.values()].reduce((s, b) => s + b.length, 0);

    const plan = await h.services.policyMigrations.plan(null, { user: user.username }, "s3");
    expect(plan).toMatchObject({ blobs: 30, bytes });
    expect(await bucket.keys()).toEqual([]);

    const started = await h.services.policyMigrations.start(null, { user: user.username }, "s3");
    let reads = 0;
    let moving = true;
    const readers = (async () => {
      while (moving) {
        for (const [id, data] of contents) {
          const got = await readAll(await (await h.services.downloads.openFile(actor, id)).open());
          expect(sha(got)).toBe(sha(data));
          reads++;
        }
      }
    })();
    const done = await runMigration(h.services, worker, clock, started.id).finally(() => (moving = false));
    await readers;
    expect(reads).toBeGreaterThanOrEqual(30);
    expect(done.migration).toMatchObject({ status: "done", copiedBlobs: 30, copiedBytes: bytes, versionsMoved: 30, failures: [] });
    expect(done.remaining).toEqual({ blobs: 0, bytes: 0 });

    // every version now names an object in the bucket, whose bytes hash to the version's SHA-256
    const keys = new Set(await bucket.keys());
    expect(keys.size).toBe(30);
    const driver = h.services.storage.driverFor(s3);
    for (const [id, data] of contents) {
      const content = await h.services.downloads.openFile(actor, id);
      const blob = (await h.services.uow.repos.blobs.findById(content.version.blobId))!;
      expect(blob.policyId).toBe(s3.id);
      expect([...keys].some((k) => k.endsWith(blob.key))).toBe(true);
      expect(sha(await readAll(await driver.get(blob.key)))).toBe(sha(data));
      expect(content.version.sha256).toBe(sha(data));
    }
    // new uploads land on S3 directly
    const fresh = await putFile(h.services, actor, rootId, "fresh.txt", "straight to the bucket");
    expect((await h.services.uow.repos.blobs.findById((await h.services.downloads.openFile(actor, fresh.id)).version.blobId))!.policyId).toBe(s3.id);

    for (const key of oldKeys) expect(await local.stat(key)).not.toBeNull();
    clock.advance(MOVED_BLOB_GRACE_MS + 1000);
    await h.services.blobs.collectUnreferenced();
    for (const key of oldKeys) expect(await local.stat(key)).toBeNull();
  });

  it("refuses a target it cannot reach (missing bucket) before changing anything", async () => {
    const { user, spaceId } = await makeUser(h.services);
    const before = (await h.services.uow.repos.spaces.findById(spaceId))!.policyId;
    const config = sealS3Config(bucket.config({ bucket: `${bucket.bucket}-missing` }), h.services.storageSecrets);
    await h.services.uow.repos.spaces.createPolicy({ name: "s3-missing", kind: "s3", config, isDefault: false });
    const refusal = await h.services.policyMigrations.start(null, { user: user.username }, "s3-missing").catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: "STORAGE_ERROR", message: expect.stringMatching(/bucket/i) });
    expect((await h.services.uow.repos.spaces.findById(spaceId))!.policyId).toBe(before);
  });

  it("fsck finds an orphan object and a missing object in the bucket, deletes the orphan and lists the missing one", async () => {
    const { actor, rootId, spaceId } = await makeUser(h.services);
    const driver = h.services.storage.driverFor(s3);
    await h.services.uow.repos.policyMigrations.setSpacePolicy(spaceId, s3.id);
    const kept = await putFile(h.services, actor, rootId, "kept.txt", "on s3");
    const gone = await putFile(h.services, actor, rootId, "gone.txt", "deleted behind Haven's back");
    const goneBlob = (await h.services.uow.repos.blobs.findById((await h.services.downloads.openFile(actor, gone.id)).version.blobId))!;
    expect(goneBlob.policyId).toBe(s3.id);
    await driver.delete(goneBlob.key);
    const orphan = driver.newKey();
    await driver.put(orphan, Readable.from([Buffer.from("nobody's")]));
    clock.advance(ORPHAN_GRACE_MS + 60_000);

    const found = await h.services.consistency.check(null, { repair: false });
    expect(found.policies.find((p) => p.name === "s3-missing")).toMatchObject({ objects: 0, error: expect.stringMatching(/does not exist/) });
    expect(found.orphanObjects.items).toEqual([expect.objectContaining({ policy: "s3", key: orphan, deleted: false })]);
    expect(found.missingBytes.items).toEqual([expect.objectContaining({ policy: "s3", key: goneBlob.key, files: [expect.objectContaining({ nodeId: gone.id, name: "gone.txt" })] })]);
    const policyFigures = found.policies.find((p) => p.name === "s3")!;
    expect(policyFigures.objects).toBe(policyFigures.rows); // one orphan in, one missing out

    const repaired = await h.services.consistency.check(null, { repair: true });
    expect(repaired.orphanObjects.items).toEqual([expect.objectContaining({ key: orphan, deleted: true })]);
    expect(await driver.stat(orphan)).toBeNull();
    expect(repaired.missingBytes.count).toBe(1);
    expect(await h.services.uow.repos.nodes.findById(gone.id)).not.toBeNull();
    expect(await readAll(await (await h.services.downloads.openFile(actor, kept.id)).open())).toEqual(Buffer.from("on s3"));
  });
});
