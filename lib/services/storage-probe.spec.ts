import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { StorageDriver } from "@/lib/storage/driver";
import { describeStorageError, probeStorage } from "./storage-probe";

/** A driver that keeps blobs in a map, with each method replaceable to fail or hang. */
function memoryDriver(overrides: Partial<StorageDriver> = {}): StorageDriver {
  const blobs = new Map<string, Buffer>();
  const driver = {
    newKey: () => "0123456789abcdef0123456789abcdef",
    put: async (key: string, body: Readable) => {
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(c as Buffer);
      blobs.set(key, Buffer.concat(chunks));
      const { createHash } = await import("node:crypto");
      return { size: blobs.get(key)!.length, sha256: createHash("sha256").update(blobs.get(key)!).digest("hex") };
    },
    get: async (key: string) => Readable.from([blobs.get(key)!]),
    stat: async (key: string) => (blobs.has(key) ? { size: blobs.get(key)!.length } : null),
    delete: async (key: string) => void blobs.delete(key),
    ...overrides,
  };
  return driver as unknown as StorageDriver;
}

const TARGET = { kind: "s3" as const, where: "http://10.255.255.1:9000" };

describe("probeStorage", () => {
  it("passes every step on a working store and leaves nothing behind", async () => {
    const sut = memoryDriver();
    const result = await probeStorage(sut, TARGET);
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.step)).toEqual(["put", "get", "list", "delete"]);
    expect(await sut.stat("0123456789abcdef0123456789abcdef")).toBeNull();
  });

  it("reports a store that never answers as a timeout, and skips the later steps", async () => {
    const sut = memoryDriver({ put: () => new Promise(() => undefined) });
    const result = await probeStorage(sut, TARGET, 50);
    expect(result.steps[0]).toMatchObject({ step: "put", ok: false, error: "http://10.255.255.1:9000 did not answer within 50 ms." });
    expect(result.steps.slice(1).every((s) => s.skipped && !s.ok)).toBe(true);
  });

  it("says when the bytes read back differ, and removes the probe", async () => {
    const sut = memoryDriver({ get: async () => Readable.from([Buffer.from("something else")]) });
    const result = await probeStorage(sut, TARGET);
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([["put", true], ["get", false], ["list", false], ["delete", false]]);
    expect(result.steps[1]!.error).toMatch(/differs/);
    expect(await sut.stat("0123456789abcdef0123456789abcdef")).toBeNull();
  });

  it("uses the driver's list() where it has one", async () => {
    const sut = memoryDriver();
    (sut as unknown as { list: () => AsyncIterable<{ key: string }> }).list = async function* () {
      yield { key: "another-key" };
    };
    const result = await probeStorage(sut, TARGET);
    expect(result.steps[2]).toMatchObject({ step: "list", ok: false, error: "The probe was written but is not listed." });
  });
});

describe("describeStorageError", () => {
  it("names the local disk's errors and passes the rest through", () => {
    const local = { kind: "local" as const, where: "/srv/blobs" };
    expect(describeStorageError(Object.assign(new Error("x"), { code: "EACCES" }), local)).toBe("Haven may not write to /srv/blobs (EACCES).");
    expect(describeStorageError(Object.assign(new Error("x"), { code: "ENOSPC" }), local)).toBe("The disk of /srv/blobs is full (ENOSPC).");
    expect(describeStorageError(new Error("The bucket \"b\" does not exist."), TARGET)).toBe("The bucket \"b\" does not exist.");
  });
});
