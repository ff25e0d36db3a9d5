import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OffThreadHash } from "./off-thread-hash";

const expected = (b: Buffer) => ({ sha256: createHash("sha256").update(b).digest("hex"), sha1: createHash("sha1").update(b).digest("hex") });

describe("OffThreadHash (SHA-256 and SHA-1 on a worker thread)", () => {
  it("matches node:crypto for any split of the bytes, empty included", async () => {
    const data = randomBytes(5 * 1024 * 1024 + 333);
    for (const cuts of [[], [1], [65_536, 1_048_576, 1_048_577], [3 * 1024 * 1024]]) {
      const hash = new OffThreadHash();
      let at = 0;
      for (const cut of [...cuts, data.length]) {
        hash.update(data.subarray(at, cut));
        at = cut;
      }
      expect(await hash.digest()).toEqual(expected(data));
    }
    expect(await new OffThreadHash().digest()).toEqual(expected(Buffer.alloc(0)));
  });

  it("computes SHA-256 alone or SHA-1 alone when asked (large uploads, and the job that adds SHA-1 after them)", async () => {
    const data = randomBytes(3 * 1024 * 1024 + 7);
    const only256 = new OffThreadHash({ sha1: false });
    const only1 = new OffThreadHash({ sha256: false });
    only256.update(data);
    only1.update(data);
    expect(await only256.digest()).toEqual({ sha256: expected(data).sha256 });
    expect(await only1.sha1Digest()).toBe(expected(data).sha1);
    await expect(new OffThreadHash({ sha256: false }).digest()).rejects.toThrow(/SHA-1 alone/);
    await expect(new OffThreadHash({ sha1: false }).sha1Digest()).rejects.toThrow(/no SHA-1/);
    expect(() => new OffThreadHash({ sha1: false, sha256: false })).toThrow();
  });

  it("hashes a whole file read on the hashing thread, and rejects for a file that is not there", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "haven-hash-"));
    try {
      const data = randomBytes(2 * 1024 * 1024 + 99);
      await writeFile(path.join(dir, "f"), data);
      expect(await new OffThreadHash({ sha256: false }).sha1OfFile(path.join(dir, "f"))).toBe(expected(data).sha1);
      await expect(new OffThreadHash({ sha256: false }).sha1OfFile(path.join(dir, "missing"))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("copies what it is given: the caller may overwrite its buffer at once", async () => {
    const data = randomBytes(300_000);
    const scratch = Buffer.from(data);
    const hash = new OffThreadHash();
    hash.update(scratch);
    scratch.fill(0);
    expect(await hash.digest()).toEqual(expected(data));
  });

  it("keeps concurrent hashes apart, and ready() holds a writer back until the thread catches up", async () => {
    const a = randomBytes(40 * 1024 * 1024);
    const b = randomBytes(2 * 1024 * 1024);
    const ha = new OffThreadHash();
    const hb = new OffThreadHash();
    ha.update(a);
    hb.update(b);
    let readyResolved = false;
    const ready = ha.ready().then(() => (readyResolved = true));
    // 40 MiB queued is over the backlog bound: not ready until the thread has hashed some of it.
    expect(readyResolved).toBe(false);
    await ready;
    const [da, db] = await Promise.all([ha.digest(), hb.digest()]);
    expect(da).toEqual(expected(a));
    expect(db).toEqual(expected(b));
  });

  it("refuses use after the digest, and a disposed hash leaves the others intact", async () => {
    const data = randomBytes(2_000_000);
    const dropped = new OffThreadHash();
    dropped.update(data);
    dropped.dispose();
    const kept = new OffThreadHash();
    kept.update(data);
    expect(await kept.digest()).toEqual(expected(data));
    expect(() => kept.update(data)).toThrow(/already finished/);
    await expect(kept.digest()).rejects.toThrow(/already finished/);
  });
});
