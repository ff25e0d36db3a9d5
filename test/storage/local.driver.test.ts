import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { expect, it } from "vitest";
import { LocalDriver } from "@/lib/storage/local.driver";
import { readAll } from "../helpers/factories";
import { driverContract } from "./driver-contract";

async function makeLocal() {
  const root = await mkdtemp(path.join(os.tmpdir(), "haven-blobs-"));
  return { driver: new LocalDriver(root), root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

driverContract("local", makeLocal);

it("local driver adopts a finished file by renaming it, and leaves no temp files", async () => {
  const { driver, root, cleanup } = await makeLocal();
  try {
    const file = path.join(root, "upload.part");
    await writeFile(file, "landed in place");
    const key = driver.newKey();
    await driver.adoptLocalFile(file, key);
    expect((await readAll(await driver.get(key))).toString()).toBe("landed in place");
    expect(driver.localPath(key).startsWith(root)).toBe(true);
    expect(await readdir(path.join(root, ".tmp")).catch(() => [])).toEqual([]);
    expect(() => driver.localPath("../../etc/passwd")).toThrow(/Invalid blob key/);
  } finally {
    await cleanup();
  }
});

it("local put writes a small body at its final name (no temp file, no rename) and replaces a key that has a file whole", async () => {
  const { driver, root, cleanup } = await makeLocal();
  try {
    const key = driver.newKey();
    const body = Readable.from([Buffer.from("small "), Buffer.from("in two chunks")]);
    expect(await driver.put(key, body)).toMatchObject({ size: 19 });
    expect((await readAll(await driver.get(key))).toString()).toBe("small in two chunks");
    // The temp folder is never made for a small body: it went straight to its shard folder.
    await expect(stat(path.join(root, ".tmp"))).rejects.toMatchObject({ code: "ENOENT" });
    const inode = (await stat(driver.localPath(key))).ino;
    // A second put to the same key (thumbnails and avatars reuse keys) replaces the file: a new inode, never an
    // overwrite in place that a reader of the old one could see half done.
    expect(await driver.put(key, Readable.from([Buffer.from("replaced")]))).toMatchObject({ size: 8 });
    expect((await readAll(await driver.get(key))).toString()).toBe("replaced");
    expect((await stat(driver.localPath(key))).ino).not.toBe(inode);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
    // Just past the small limit: streamed through a temp file, which is gone afterwards.
    const big = Buffer.alloc(64 * 1024 + 1, 3);
    const bigKey = driver.newKey();
    expect(await driver.put(bigKey, Readable.from([big.subarray(0, 1000), big.subarray(1000)]))).toMatchObject({ size: big.length });
    expect((await readAll(await driver.get(bigKey))).equals(big)).toBe(true);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  } finally {
    await cleanup();
  }
});

it("local putBuffers leaves no temp files, and makes the temp folder again when it was removed", async () => {
  const { driver, root, cleanup } = await makeLocal();
  try {
    const first = driver.newKey();
    expect((await driver.putBuffers([{ key: first, bytes: Buffer.from("one") }]))[0]!.status).toBe("fulfilled");
    await rm(path.join(root, ".tmp"), { recursive: true });
    const second = driver.newKey();
    expect((await driver.putBuffers([{ key: second, bytes: Buffer.from("two") }]))[0]!.status).toBe("fulfilled");
    expect((await readAll(await driver.get(second))).toString()).toBe("two");
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  } finally {
    await cleanup();
  }
});

it("local newKeys puts a batch in one shard folder per 128 keys (one folder fsync each), and no two batches alike", async () => {
  const { driver, cleanup } = await makeLocal();
  try {
    const folders = (keys: string[]) => new Set(keys.map((key) => path.dirname(driver.localPath(key))));
    const batch = driver.newKeys(300);
    expect(folders(batch).size).toBe(3);
    expect(folders(batch.slice(0, 128)).size).toBe(1);
    expect(folders([...driver.newKeys(100), ...driver.newKeys(100)]).size).toBe(2);
  } finally {
    await cleanup();
  }
});

it("local put hashes SHA-1 while receiving a streamed body declared up to 64 MiB, and leaves it to the blob's job above", async () => {
  const { driver, cleanup } = await makeLocal();
  try {
    const bytes = randomBytes(200_000);
    const sha1 = createHash("sha1").update(bytes).digest("hex");
    const streamed = () => Readable.from([bytes.subarray(0, 70_000), bytes.subarray(70_000)]);
    expect(await driver.put(driver.newKey(), streamed(), { maxBytes: bytes.length })).toMatchObject({ size: bytes.length, sha1 });
    expect(await driver.put(driver.newKey(), streamed(), { maxBytes: 64 * 1024 * 1024 })).toMatchObject({ sha1 });
    const undeclared = await driver.put(driver.newKey(), streamed());
    expect(undeclared.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(undeclared.sha1).toBeUndefined();
    expect((await driver.put(driver.newKey(), streamed(), { maxBytes: 64 * 1024 * 1024 + 1 })).sha1).toBeUndefined();
  } finally {
    await cleanup();
  }
});

it("local newKey gives consecutive keys one shard folder per 128 (single small PUTs make a folder per 128 files)", async () => {
  const { driver, cleanup } = await makeLocal();
  try {
    const keys = Array.from({ length: 384 }, () => driver.newKey());
    const folders = (of: string[]) => new Set(of.map((key) => path.dirname(driver.localPath(key))));
    expect(new Set(keys).size).toBe(384);
    expect(folders(keys).size).toBe(3);
    expect(folders(keys.slice(0, 128)).size).toBe(1);
    expect(folders(keys.slice(128, 256)).size).toBe(1);
  } finally {
    await cleanup();
  }
});

it("local small reads keep their bytes while later reads are served (their buffers share a slab)", async () => {
  const { driver, cleanup } = await makeLocal();
  try {
    // Sizes around the slab's alignment and limit, enough of them to fill more than one slab.
    const sizes = Array.from({ length: 60 }, (_, i) => [1, 7, 4096, 4097, 16 * 1024, 16 * 1024 + 1][i % 6]!);
    const blobs = sizes.map((size, i) => ({ key: driver.newKey(), bytes: Buffer.alloc(size, i + 1) }));
    await driver.putBuffers(blobs);
    const held: Buffer[] = [];
    for (const { key, bytes } of blobs) {
      const sink = new PassThrough();
      sink.on("data", (chunk: Buffer) => held.push(chunk));
      await driver.writeTo(key, sink, { start: 0, end: bytes.length - 1 });
    }
    expect(Buffer.concat(held).equals(Buffer.concat(blobs.map((b) => b.bytes)))).toBe(true);
  } finally {
    await cleanup();
  }
});
