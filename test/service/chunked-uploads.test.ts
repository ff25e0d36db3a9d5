import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";

const PROVIDERS = await providers();
const hex = (algorithm: string, b: Buffer) => createHash(algorithm).update(b).digest("hex");
const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251));

/** Nextcloud chunked uploads: sessions per user, chunks placed at their offsets, quota reserved, clear refusals. */
describe.each(PROVIDERS)("chunked uploads on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  const content = async (actor: Parameters<TestHarness["services"]["downloads"]["openFile"]>[0], id: number) => readAll(await (await h.services.downloads.openFile(actor, id)).open());
  const staged = async () => (await readdir(path.join(h.dataDir, "blobs", ".uploads")).catch(() => [])).filter((f) => f.startsWith("nc-"));

  it("assembles numbered chunks sent out of order into the file, reserving at MKCOL and keeping the client's mtime", async () => {
    const { actor, rootId } = await makeUser(h.services, { quota: 10_000 });
    const chunked = h.services.chunkedUploads;
    const data = bytes(2500, 1);
    await chunked.start(actor, "1234", { target: { parentId: rootId, name: "big.bin" }, total: data.length });
    expect((await h.services.spaces.usage(actor.userId)).used).toBe(0);
    await chunked.putChunk(actor, "1234", "1", Readable.from([data.subarray(0, 1000)]), 1000);
    await chunked.putChunk(actor, "1234", "3", Readable.from([data.subarray(2000)]), 500);
    // Finishing too early is refused and changes nothing: chunk 3 (kept aside) is not placed yet.
    await expect(chunked.finish(actor, "1234", { target: { parentId: rootId, name: "big.bin" }, total: data.length })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await chunked.putChunk(actor, "1234", "2", Readable.from([data.subarray(1000, 2000)]), 1000);
    expect((await chunked.list(actor, "1234")).map((c) => [c.name, c.size])).toEqual([["1", 1000], ["2", 1000], ["3", 500]]);
    const mtime = new Date("2024-05-06T07:08:09Z");
    const node = await chunked.finish(actor, "1234", { target: { parentId: rootId, name: "big.bin" }, total: data.length, mtime, checksum: { algorithm: "sha1", hex: hex("sha1", data) } });
    expect(node).toMatchObject({ name: "big.bin", size: 2500, mtime });
    expect((await content(actor, node.id)).equals(data)).toBe(true);
    const listed = await h.services.files.resolvePath(actor, rootId, ["big.bin"]);
    expect(listed.node).toMatchObject({ sha256: hex("sha256", data), sha1: hex("sha1", data) });
    expect((await h.services.spaces.usage(actor.userId)).used).toBe(2500);
    expect(await staged()).toEqual([]);
  });

  it("places byte-range chunks (rclone) at their offsets, reserving only at assembly when MKCOL named no destination", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const chunked = h.services.chunkedUploads;
    const data = bytes(3000, 2);
    await chunked.start(actor, "rclone-chunked-upload-abc", {});
    await chunked.putChunk(actor, "rclone-chunked-upload-abc", "000000000002000-000000000002999", Readable.from([data.subarray(2000)]));
    await chunked.putChunk(actor, "rclone-chunked-upload-abc", "000000000000000-000000000001999", Readable.from([data.subarray(0, 2000)]));
    const node = await chunked.finish(actor, "rclone-chunked-upload-abc", { target: { parentId: rootId, name: "r.bin" } });
    expect((await content(actor, node.id)).equals(data)).toBe(true);
  });

  it("replaces an existing file as a new version, only at the ETag the client saw", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const chunked = h.services.chunkedUploads;
    const old = await putFile(h.services, actor, rootId, "v.txt", "old");
    await chunked.start(actor, "9", { target: { parentId: rootId, name: "v.txt" }, total: 3 });
    await chunked.putChunk(actor, "9", "1", Readable.from([Buffer.from("new")]));
    await expect(chunked.finish(actor, "9", { target: { parentId: rootId, name: "v.txt" }, ifMatch: { nodeId: old.id, etag: "stale" } })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await chunked.start(actor, "10", { target: { parentId: rootId, name: "v.txt" }, total: 3 });
    await chunked.putChunk(actor, "10", "1", Readable.from([Buffer.from("new")]));
    const node = await chunked.finish(actor, "10", { target: { parentId: rootId, name: "v.txt" }, ifMatch: { nodeId: old.id, etag: old.etag } });
    expect(node.id).toBe(old.id);
    expect((await content(actor, old.id)).toString()).toBe("new");
    expect((await h.services.versions.versions(actor, old.id)).versions.length).toBe(2);
  });

  it("refuses a chunk past OC-Total-Length (nothing kept), keeps an upload with a missing chunk, discards one with a wrong checksum", async () => {
    const { actor, rootId } = await makeUser(h.services, { quota: 10_000 });
    const chunked = h.services.chunkedUploads;
    const target = { parentId: rootId, name: "x.bin" };
    await chunked.start(actor, "u", { target, total: 100 });
    await expect(chunked.putChunk(actor, "u", "000000000000050-000000000000149", Readable.from([bytes(100, 3)]), 100)).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("OC-Total-Length") });
    await expect(chunked.putChunk(actor, "u", "000000000000050-000000000000149", Readable.from([bytes(100, 3)]))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await chunked.list(actor, "u")).toEqual([]);
    await chunked.putChunk(actor, "u", "000000000000050-000000000000099", Readable.from([bytes(50, 3)]));
    await expect(chunked.finish(actor, "u", { target })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("missing") });
    await chunked.putChunk(actor, "u", "000000000000000-000000000000049", Readable.from([bytes(50, 4)]));
    await expect(chunked.finish(actor, "u", { target, checksum: { algorithm: "sha1", hex: "0".repeat(40) } })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("OC-Checksum") });
    await expect(chunked.list(actor, "u")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await h.services.files.resolvePath(actor, rootId, ["x.bin"])).node).toBeNull();
    const usage = await h.services.spaces.usage(actor.userId);
    expect(usage.used).toBe(0);
    expect((await h.services.spaces.personalSpace(actor.userId)).reservedBytes).toBe(0);
  });

  it("checks the quota at MKCOL, releases it on DELETE, and keeps each user's uploads their own", async () => {
    const { actor, rootId } = await makeUser(h.services, { quota: 1000 });
    const other = await makeUser(h.services);
    const chunked = h.services.chunkedUploads;
    await expect(chunked.start(actor, "big", { target: { parentId: rootId, name: "b" }, total: 5000 })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    await chunked.start(actor, "ok", { target: { parentId: rootId, name: "b" }, total: 800 });
    expect((await h.services.spaces.personalSpace(actor.userId)).reservedBytes).toBe(800);
    await expect(chunked.start(actor, "more", { target: { parentId: rootId, name: "c" }, total: 300 })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    await expect(chunked.putChunk(other.actor, "ok", "1", Readable.from([Buffer.from("x")]))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(chunked.cancel(other.actor, "ok")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await chunked.cancel(actor, "ok");
    expect((await h.services.spaces.personalSpace(actor.userId)).reservedBytes).toBe(0);
    await expect(chunked.start(other.actor, "x", { target: { parentId: rootId, name: "b" }, total: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
