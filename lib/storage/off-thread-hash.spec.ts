import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashBatch, OffThreadHash } from "./off-thread-hash";

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

  it("adopt takes a whole batch from hashBatch without a copy, in order with copied bytes; anything else is copied", async () => {
    const data = randomBytes(4 * 1024 * 1024 + 777);
    const MiB = 1024 * 1024;
    const hash = new OffThreadHash();
    // 777 copied bytes first (a batch partly filled), then whole batches adopted.
    hash.update(data.subarray(0, 777));
    const adopted: Buffer[] = [];
    for (let at = 777; at + MiB <= data.length; at += MiB) {
      const batch = hashBatch();
      expect(batch.length).toBe(MiB);
      data.copy(batch, 0, at, at + MiB);
      hash.adopt(batch);
      adopted.push(batch);
    }
    // Moved to the thread: the memory is no longer readable here.
    for (const batch of adopted) expect(batch.length).toBe(0);
    const foreign = Buffer.from(data.subarray(0, MiB));
    const part = hashBatch().subarray(0, 1000);
    const other = new OffThreadHash();
    other.adopt(foreign);
    other.adopt(part);
    expect(foreign.length).toBe(MiB);
    expect(part.length).toBe(1000);
    expect(await hash.digest()).toEqual(expected(data));
    expect(await other.digest()).toEqual(expected(Buffer.concat([data.subarray(0, MiB), part])));
  });
});
