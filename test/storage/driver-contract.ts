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

    it("stores a stream and reports its size and SHA-256", withDriver(async (d) => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const key = d.newKey();
      const chunks = Array.from({ length: 10 }, (_, i) => data.subarray(Math.floor((i * data.length) / 10), Math.floor(((i + 1) * data.length) / 10)));
      expect(await d.put(key, Readable.from(chunks))).toMatchObject({ size: data.length, sha256: sha(data) });
      expect(await d.stat(key)).toEqual({ size: data.length });
      expect(sha(await readAll(await d.get(key)))).toBe(sha(data));
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
        // A digest computed while receiving is trusted: the file is not read again.
        expect(await d.syncLocalFile(file, { sha256: "f".repeat(64) })).toEqual({ size: data.length, sha256: "f".repeat(64) });
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

    it("throws for what it cannot do instead of doing nothing", withDriver(async (d) => {
      if (!d.capabilities.presignedGet) await expect(Promise.resolve().then(() => d.presignGet(d.newKey(), { expiresInSeconds: 60 }))).rejects.toBeInstanceOf(UnsupportedOperationError);
      if (!d.capabilities.localPath) expect(() => d.localPath(d.newKey())).toThrow(UnsupportedOperationError);
    }));

    it("answers its health check", withDriver(async (d) => {
      await expect(d.healthCheck()).resolves.toBeUndefined();
    }));
  });
}
