import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { Upload } from "@tus/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DurableFileStore } from "@/server/tus/durable-file-store";

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
/** What the store hashes while receiving: SHA-256 alone (the committed blob's job adds SHA-1). */
const digests = (b: Buffer) => ({ sha256: sha(b) });

/**
 * A request body in 256 KiB pieces; with `failAfter` it arrives slowly and breaks (like a dropped connection)
 * after that many bytes, so some of it has reached the file by then.
 */
function body(data: Buffer, failAfter?: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return void setTimeout(() => this.destroy(new Error("connection reset")), 50);
      if (sent >= data.length) return this.push(null);
      const end = Math.min(data.length, sent + 256 * 1024, failAfter ?? Infinity);
      const piece = data.subarray(sent, end);
      sent = end;
      if (failAfter === undefined) this.push(piece);
      else setTimeout(() => this.push(piece), 2);
    },
  });
}

describe("DurableFileStore (tus staging with hashing while receiving)", () => {
  let dir: string;
  const newStore = () => new DurableFileStore({ directory: dir }, 60_000);
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "haven-tus-store-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function begin(store: DurableFileStore, size: number): Promise<string> {
    const id = `u${Math.random().toString(36).slice(2)}`;
    await store.create(new Upload({ id, size, offset: 0 }));
    return id;
  }

  it("writes PATCHes at their offsets and has the SHA-256 of the whole file at the end", async () => {
    const store = newStore();
    const data = randomBytes(70 * MiB + 123);
    const id = await begin(store, data.length);
    let offset = 0;
    for (const cut of [20 * MiB, 50 * MiB, data.length]) offset = await store.write(body(data.subarray(offset, cut)), id, offset);
    expect(offset).toBe(data.length);
    expect(sha(await readFile(path.join(dir, id)))).toBe(sha(data));
    expect(await store.takeDigest(id, data.length)).toEqual(digests(data));
    expect(await store.takeDigest(id, data.length)).toBeUndefined(); // taken once
  });

  it("keeps the running hash across a broken PATCH resumed from the file's size", async () => {
    const store = newStore();
    const data = randomBytes(9 * MiB);
    const id = await begin(store, data.length);
    await expect(store.write(body(data, 3 * MiB + 1000), id, 0)).rejects.toMatchObject({ status_code: 500 });
    const offset = (await stat(path.join(dir, id))).size;
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(data.length);
    expect(await store.write(body(data.subarray(offset)), id, offset)).toBe(data.length);
    expect(sha(await readFile(path.join(dir, id)))).toBe(sha(data));
    expect(await store.takeDigest(id, data.length)).toEqual(digests(data));
  });

  it("has no digest after a restart mid-upload (the caller hashes the file), and never a wrong one", async () => {
    const data = randomBytes(4 * MiB);
    const first = newStore();
    const id = await begin(first, data.length);
    await first.write(body(data.subarray(0, MiB)), id, 0);
    const restarted = newStore();
    expect(await restarted.write(body(data.subarray(MiB)), id, MiB)).toBe(data.length);
    expect(await restarted.takeDigest(id, data.length)).toBeUndefined();
    expect(sha(await readFile(path.join(dir, id)))).toBe(sha(data));
  });

  it("drops the hash when a PATCH starts anywhere but where the hash ends", async () => {
    const store = newStore();
    const data = randomBytes(2 * MiB);
    const id = await begin(store, data.length);
    await store.write(body(data.subarray(0, MiB)), id, 0);
    // Rewriting from 0 (a client that restarted its upload) starts a fresh hash.
    await store.write(body(data.subarray(0, 512 * 1024)), id, 0);
    expect(await store.write(body(data.subarray(512 * 1024)), id, 512 * 1024)).toBe(data.length);
    expect(await store.takeDigest(id, data.length)).toEqual(digests(data));
  });
});
