import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { CACHE_TOPICS } from "@/lib/services/cache-bus";

const PROVIDERS = await providers();
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const sha1 = (b: Buffer) => createHash("sha1").update(b).digest("hex");

describe.each(PROVIDERS)("SHA-1 backfill on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  /** A blob as Haven stored them before it kept SHA-1: bytes in the store, a row without sha1. */
  async function oldBlob(bytes: Buffer, opts: { rowSha256?: string; store?: boolean } = {}) {
    const policy = await h.services.spaces.defaultPolicy();
    const driver = h.services.storage.driverFor(policy);
    const key = driver.newKey();
    if (opts.store !== false) await driver.put(key, Readable.from([bytes]));
    return h.services.uow.repos.blobs.createReferenced({ policyId: policy.id, key, size: bytes.length, sha256: opts.rowSha256 ?? sha256(bytes), sha1: null });
  }

  it("fills SHA-1 of old blobs whose bytes match their SHA-256, and leaves damaged and missing ones listed", async () => {
    // A new file already has its SHA-1: the backfill does not count or touch it.
    const { actor, rootId } = await makeUser(h.services);
    const fresh = Buffer.from("stored with its SHA-1");
    const node = await putFile(h.services, actor, rootId, "fresh.txt", fresh);
    expect((await h.services.files.getMany(actor, [node.id]))[0]!.sha1).toBe(sha1(fresh));

    const contents = Array.from({ length: 9 }, (_, i) => randomBytes(100 + i * 3000));
    const good = await Promise.all(contents.map((c) => oldBlob(c)));
    const damaged = await oldBlob(Buffer.from("flipped bits"), { rowSha256: sha256(Buffer.from("original bits")) });
    const missing = await oldBlob(Buffer.from("gone"), { store: false });
    expect(await h.services.uow.repos.blobs.countWithoutSha1()).toBe(11);

    const fractions: number[] = [];
    const counts = await h.services.sha1Backfill.run(async (f) => void fractions.push(f));
    expect(counts).toMatchObject({ total: 11, filled: 9, mismatched: 1, failed: 1 });
    expect(counts.problems.join("\n")).toMatch(new RegExp(`blob ${damaged.id} .*row says ${sha256(Buffer.from("original bits"))}`));
    expect(counts.problems.join("\n")).toMatch(new RegExp(`blob ${missing.id} `));
    expect(fractions.at(-1)).toBe(1);
    for (const [i, blob] of good.entries()) expect((await h.services.uow.repos.blobs.findById(blob.id))!.sha1).toBe(sha1(contents[i]!));
    // A damaged blob never gets a SHA-1 that would vouch for the damage.
    expect((await h.services.uow.repos.blobs.findById(damaged.id))!.sha1).toBeNull();

    // Idempotent: a second run reads only what is still without SHA-1.
    expect(await h.services.sha1Backfill.run()).toMatchObject({ total: 2, filled: 0, mismatched: 1, failed: 1 });
  });

  it("runs as the recurring blobs.sha1-backfill job", async () => {
    const bytes = randomBytes(5000);
    const blob = await oldBlob(bytes);
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await h.services.jobs.enqueue("blobs.sha1-backfill", {}, { uniqueKey: "recurring:blobs.sha1-backfill" });
    await worker.runDue();
    expect((await h.services.uow.repos.blobs.findById(blob.id))!.sha1).toBe(sha1(bytes));
    const job = await h.services.uow.repos.jobs.findByUniqueKey("recurring:blobs.sha1-backfill");
    expect(job!.runAt.getTime()).toBeGreaterThan(clock.now().getTime() + 23 * 60 * 60 * 1000);
  });

  it("gives a blob stored without SHA-1 (a streamed body) its blobs.sha1 job, which fills it and tells the caches", async () => {
    const { actor, rootId } = await makeUser(h.services);
    // Longer than what the local driver takes from memory and of undeclared size (a chunked PUT): streamed, its
    // SHA-256 hashed on the way, no SHA-1.
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const node = await h.services.uploads.putStream(actor, { parentId: rootId, name: "big.bin", body: Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]) });
    const [stored] = await h.services.files.getMany(actor, [node.id]);
    expect(stored).toMatchObject({ sha256: sha256(bytes), sha1: null });
    const published: string[] = [];
    const unsubscribe = h.services.cacheBus.subscribe(CACHE_TOPICS.checksums, (key) => published.push(key));
    try {
      const worker = new JobWorker(h.services.uow, clock);
      registerJobHandlers(worker, h.services);
      await worker.runDue();
      expect((await h.services.files.getMany(actor, [node.id]))[0]).toMatchObject({ sha256: sha256(bytes), sha1: sha1(bytes) });
      expect(published).toHaveLength(1);
    } finally {
      unsubscribe();
    }
  });

  it("fills one blob per job (its SHA-256 was hashed on the way in, moments before); a missing blob fails the job (it is retried)", async () => {
    const missing = await oldBlob(Buffer.from("gone"), { store: false });
    await expect(h.services.sha1Backfill.fillOne(missing.id)).rejects.toThrow(/ENOENT|No blob at key/);
    expect((await h.services.uow.repos.blobs.findById(missing.id))!.sha1).toBeNull();
    const good = await oldBlob(Buffer.from("fine"));
    expect(await h.services.sha1Backfill.fillOne(good.id)).toBe("filled");
    expect(await h.services.sha1Backfill.fillOne(good.id)).toBe("skipped");
    expect((await h.services.uow.repos.blobs.findById(good.id))!.sha1).toBe(sha1(Buffer.from("fine")));
  });
});
