import { createHash, randomBytes } from "node:crypto";
import { PassThrough, Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BlobNotFoundError, TooLargeError, UnsupportedOperationError, type StorageDriver } from "@/lib/storage/driver";
import { readAll } from "../helpers/factories";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The behaviour every storage driver promises (lib/storage/driver.ts). Run it once per driver. */
export function driverContract(name: string, make: () => Promise<{ driver: StorageDriver; cleanup: () => Promise<void> }>) {
  describe(`storage driver contract: ${name}`, () => {
    const withDriver = (fn: (d: StorageDriver) => Promise<void>) => async () => {
      const { driver, cleanup } = await make();
      try {
        await fn(driver);
      } finally {
        await cleanup();
      }
    };

    it("hands out distinct keys", withDriver(async (d) => {
      const keys = new Set(Array.from({ length: 100 }, () => d.newKey()));
      expect(keys.size).toBe(100);
    }));

    it("hands out distinct keys for a batch, which putBuffers stores", withDriver(async (d) => {
      const keys = d.newKeys(300);
      expect(new Set([...keys, ...d.newKeys(300)]).size).toBe(600);
      const results = await d.putBuffers(keys.slice(0, 3).map((key, i) => ({ key, bytes: Buffer.from(`blob ${i}`) })));
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
      expect((await readAll(await d.get(keys[2]!))).toString()).toBe("blob 2");
    }));

    it("stores a stream and reports its size and SHA-256", withDriver(async (d) => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const key = d.newKey();
      const chunks = Array.from({ length: 10 }, (_, i) => data.subarray(Math.floor((i * data.length) / 10), Math.floor(((i + 1) * data.length) / 10)));
      expect(await d.put(key, Readable.from(chunks))).toMatchObject({ size: data.length, sha256: sha(data) });
      expect(await d.stat(key)).toEqual({ size: data.length });
      expect(sha(await readAll(await d.get(key)))).toBe(sha(data));
    }));

    it("stores a small blob from memory with putChecked, and the put reports SHA-1 beside SHA-256", withDriver(async (d) => {
      const data = randomBytes(70_000);
      const key = d.newKey();
      const { checkedByStore } = await d.putChecked(key, data);
      expect(typeof checkedByStore).toBe("boolean");
      expect(sha(await readAll(await d.get(key)))).toBe(sha(data));
      const small = data.subarray(0, 1000);
      expect(await d.put(d.newKey(), Readable.from([small]))).toEqual({ size: small.length, sha256: sha(small), sha1: createHash("sha1").update(small).digest("hex") });
      // A streamed body: its SHA-1 where the driver computes it on the way (S3), else none (local: its blob's job fills it).
      const streamed = await d.put(d.newKey(), Readable.from([data]));
      expect(streamed).toMatchObject({ size: data.length, sha256: sha(data) });
      expect([createHash("sha1").update(data).digest("hex"), ...(d.kind === "local" ? [undefined] : [])]).toContain(streamed.sha1);
    }));

    it("stores a batch of blobs from memory with putBuffers, each settling on its own, in order", withDriver(async (d) => {
      const blobs = Array.from({ length: 40 }, (_, i) => ({ key: d.newKey(), bytes: randomBytes(i * 300) }));
      const items = [...blobs.slice(0, 20), { key: "not-a-key", bytes: Buffer.from("refused") }, ...blobs.slice(20)];
      const results = await d.putBuffers(items);
      expect(results).toHaveLength(items.length);
      expect(results[20]!.status).toBe("rejected");
      for (const [i, { key, bytes }] of items.entries()) {
        if (i === 20) continue;
        expect(results[i]).toEqual({ status: "fulfilled", value: { size: bytes.length, sha256: sha(bytes), sha1: createHash("sha1").update(bytes).digest("hex") } });
        expect(sha(await readAll(await d.get(key)))).toBe(sha(bytes));
      }
      const listed = [];
      for await (const blob of d.list()) listed.push(blob.key);
      expect(listed.sort()).toEqual(blobs.map((b) => b.key).sort());
      expect(await d.putBuffers([])).toEqual([]);
    }));

    it("stores empty blobs", withDriver(async (d) => {
      const key = d.newKey();
      expect((await d.put(key, Readable.from([]))).size).toBe(0);
      expect((await readAll(await d.get(key))).length).toBe(0);
    }));

    it("reads inclusive byte ranges", withDriver(async (d) => {
      const data = randomBytes(100_000);
      const key = d.newKey();
      await d.put(key, Readable.from([data]));
      expect(await readAll(await d.get(key, { start: 10, end: 19 }))).toEqual(data.subarray(10, 20));
      expect(await readAll(await d.get(key, { start: 99_999, end: 99_999 }))).toEqual(data.subarray(99_999));
    }));

    it("writes a blob or a range into a writable and ends it", withDriver(async (d) => {
      const data = randomBytes(2 * 1024 * 1024 + 333);
      const key = d.newKey();
      await d.put(key, Readable.from([data]));
      const collect = async (range?: { start: number; end: number }) => {
        const sink = new PassThrough();
        const [bytes] = await Promise.all([readAll(sink), d.writeTo(key, sink, range)]);
        return bytes;
      };
      expect(sha(await collect())).toBe(sha(data));
      expect(sha(await collect({ start: 1_048_570, end: 2_097_160 }))).toBe(sha(data.subarray(1_048_570, 2_097_161)));
      expect(await collect({ start: 5, end: 5 })).toEqual(data.subarray(5, 6));
      await expect(d.writeTo(d.newKey(), new PassThrough())).rejects.toBeInstanceOf(BlobNotFoundError);
      // A small known range (the local driver reads it without the thread pool) fails alike.
      await expect(d.writeTo(d.newKey(), new PassThrough(), { start: 0, end: 9 })).rejects.toBeInstanceOf(BlobNotFoundError);
      // A client that goes away mid-download fails the write instead of hanging.
      let received = 0;
      const leaving: Writable = new Writable({
        write(chunk: Buffer, _enc, cb) {
          received += chunk.length;
          if (received > 1024 * 1024) leaving.destroy();
          cb();
        },
      });
      await expect(d.writeTo(key, leaving)).rejects.toThrow();
    }));

    it("leaves nothing under the key when the source stream fails", withDriver(async (d) => {
      const key = d.newKey();
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024));
          this.destroy(new Error("network dropped"));
        },
      });
      await expect(d.put(key, failing)).rejects.toThrow(/network dropped/);
      expect(await d.stat(key)).toBeNull();
    }));

    it("stops reading past maxBytes, stores nothing and leaves the source to its owner", withDriver(async (d) => {
      const key = d.newKey();
      let pulled = 0;
      // An endless source: the driver must stop asking for more once the limit is passed.
      const endless = new Readable({
        read() {
          pulled++;
          this.push(Buffer.alloc(64 * 1024, 1));
        },
      });
      await expect(d.put(key, endless, { maxBytes: 1024 * 1024 })).rejects.toBeInstanceOf(TooLargeError);
      expect(await d.stat(key)).toBeNull();
      expect(endless.destroyed).toBe(false);
      const pulledAtFailure = pulled;
      await new Promise((r) => setTimeout(r, 50));
      expect(pulled).toBe(pulledAtFailure);
      expect(pulled * 64 * 1024).toBeLessThan(8 * 1024 * 1024);
      endless.destroy();
      // Exactly maxBytes is fine.
      const exact = randomBytes(4096);
      expect(await d.put(d.newKey(), Readable.from([exact.subarray(0, 1000), exact.subarray(1000)]), { maxBytes: 4096 })).toMatchObject({ size: 4096, sha256: sha(exact) });
    }));

    it("syncs, hashes, adopts and removes finished local files (capability localPath)", withDriver(async (d) => {
      if (!d.capabilities.localPath) return;
      const dir = await mkdtemp(path.join(os.tmpdir(), "haven-local-file-"));
      try {
        const data = randomBytes(3 * 1024 * 1024 + 5);
        const file = path.join(dir, "upload");
        await writeFile(file, data);
        expect(await d.syncLocalFile(file)).toMatchObject({ size: data.length, sha256: sha(data) });
        // Digests computed while receiving are trusted: the file is not read again. A SHA-256 alone gives no SHA-1 (the
        // blob's job fills it after the commit).
        const given = { sha256: "f".repeat(64), sha1: "e".repeat(40) };
        expect(await d.syncLocalFile(file, given)).toEqual({ size: data.length, ...given });
        expect(await d.syncLocalFile(file, { sha256: given.sha256 })).toEqual({ size: data.length, sha256: given.sha256 });
        const key = d.newKey();
        await d.adoptLocalFile(file, key);
        await d.removeLocalFile(file);
        await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
        await expect(d.removeLocalFile(file)).resolves.toBeUndefined();
        expect(sha(await readAll(await d.get(key)))).toBe(sha(data));
        await expect(d.syncLocalFile(file)).rejects.toMatchObject({ code: "ENOENT" });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }));

    it("stores a finished local file as a blob with its digests (linked locally, streamed into S3)", withDriver(async (d) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "haven-store-file-"));
      try {
        const data = randomBytes(11 * 1024 * 1024 + 3);
        const file = path.join(dir, "assembled");
        await writeFile(file, data);
        const key = d.newKey();
        const sha1 = createHash("sha1").update(data).digest("hex");
        expect(await d.storeLocalFile(file, key)).toEqual({ size: data.length, sha256: sha(data), sha1 });
        expect(sha(await readAll(await d.get(key)))).toBe(sha(data));
        // The file stays the caller's until it removes it.
        expect((await stat(file)).size).toBe(data.length);
        await d.removeLocalFile(file);
        await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }));

    it("reports missing blobs", withDriver(async (d) => {
      const key = d.newKey();
      expect(await d.stat(key)).toBeNull();
      await expect(d.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(d.delete(key)).resolves.toBeUndefined();
    }));

    it("copies and deletes", withDriver(async (d) => {
      const data = randomBytes(5000);
      const a = d.newKey();
      const b = d.newKey();
      await d.put(a, Readable.from([data]));
      await d.copy(a, b);
      await d.delete(a);
      expect(await d.stat(a)).toBeNull();
      expect(await readAll(await d.get(b))).toEqual(data);
      await expect(d.copy(a, d.newKey())).rejects.toBeInstanceOf(BlobNotFoundError);
    }));

    it("streams blobs larger than a multipart part, and keeps nothing of one whose source fails midway", withDriver(async (d) => {
      const data = randomBytes(13 * 1024 * 1024 + 1);
      const key = d.newKey();
      const chunks = Array.from({ length: 52 }, (_, i) => data.subarray(Math.floor((i * data.length) / 52), Math.floor(((i + 1) * data.length) / 52)));
      expect(await d.put(key, Readable.from(chunks))).toMatchObject({ size: data.length, sha256: sha(data) });
      expect(sha(await readAll(await d.get(key, { start: 6 * 1024 * 1024 - 3, end: 11 * 1024 * 1024 })))).toBe(sha(data.subarray(6 * 1024 * 1024 - 3, 11 * 1024 * 1024 + 1)));
      // Fails after two parts' worth (S3: after parts were uploaded).
      let sent = 0;
      const failing = new Readable({
        read() {
          if (sent >= 11 * 1024 * 1024) return void this.destroy(new Error("network dropped late"));
          sent += 1024 * 1024;
          this.push(randomBytes(1024 * 1024));
        },
      });
      const late = d.newKey();
      await expect(d.put(late, failing)).rejects.toThrow(/network dropped late/);
      expect(await d.stat(late)).toBeNull();
    }));

    it("presigns GET URLs that answer the blob with the given Content-Disposition (capability presignedGet)", withDriver(async (d) => {
      if (!d.capabilities.presignedGet) return;
      const data = randomBytes(70_000);
      const key = d.newKey();
      await d.put(key, Readable.from([data]));
      const url = await d.presignGet(key, { expiresInSeconds: 60, contentDisposition: "attachment; filename=\"r sum.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt", contentType: "text/plain" });
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe("attachment; filename=\"r sum.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt");
      expect(res.headers.get("content-type")).toBe("text/plain");
      expect(Buffer.from(await res.arrayBuffer())).toEqual(data);
      // By name only: an attachment under that name.
      const named = await fetch(await d.presignGet(key, { expiresInSeconds: 60, fileName: "plain.bin" }));
      expect(named.headers.get("content-disposition")).toMatch(/^attachment; filename="plain.bin"/);
      await named.arrayBuffer();
      // A changed URL is refused.
      const tampered = new URL(url);
      tampered.searchParams.set("response-content-disposition", "inline");
      expect((await fetch(tampered)).status).toBe(403);
    }));

    it("throws for what it cannot do instead of doing nothing", withDriver(async (d) => {
      if (!d.capabilities.presignedGet) await expect(Promise.resolve().then(() => d.presignGet(d.newKey(), { expiresInSeconds: 60 }))).rejects.toBeInstanceOf(UnsupportedOperationError);
      if (!d.capabilities.localPath) expect(() => d.localPath(d.newKey())).toThrow(UnsupportedOperationError);
      if (!d.capabilities.stagedUploads) await expect(Promise.resolve().then(() => d.discardStagedUpload(d.newKey()))).rejects.toBeInstanceOf(UnsupportedOperationError);
    }));

    it("lists its blobs with their sizes, by key prefix, and nothing else", withDriver(async (d) => {
      const listed = async (prefix?: string) => {
        const out = new Map<string, number>();
        for await (const b of d.list(prefix)) {
          expect(b.modifiedAt.getTime()).toBeGreaterThan(Date.now() - 10 * 60_000);
          out.set(b.key, b.size);
        }
        return out;
      };
      expect((await listed()).size).toBe(0);
      const keys = Array.from({ length: 5 }, () => d.newKey());
      for (const [i, key] of keys.entries()) await d.put(key, Readable.from([Buffer.alloc(i * 10, 1)]));
      await d.delete(keys[4]!);
      const all = await listed();
      expect(new Map([...all].sort())).toEqual(new Map(keys.slice(0, 4).map((k, i) => [k, i * 10] as const).sort()));
      const prefix = keys[0]!.slice(0, 3);
      expect([...(await listed(prefix)).keys()].sort()).toEqual(keys.slice(0, 4).filter((k) => k.startsWith(prefix)).sort());
    }));

    it("answers its health check", withDriver(async (d) => {
      await expect(d.healthCheck()).resolves.toBeUndefined();
    }));
  });
}
