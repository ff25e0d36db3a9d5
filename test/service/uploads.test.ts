import { createHash } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { JobWorker } from "@/lib/jobs/worker";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";

const PROVIDERS = await providers();
const sha = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const sha1 = (s: string | Buffer) => createHash("sha1").update(s).digest("hex");

/** Writes bytes where tus would have staged them and finishes the upload like the tus adapter does. */
async function stageAndFinish(h: TestHarness, actor: Actor, uploadId: string, content: Buffer, digestsWhileReceiving?: { sha256: string; sha1?: string }) {
  const file = path.join(h.dataDir, `staged-${uploadId}`);
  await writeFile(file, content);
  return h.services.uploads.finishFromLocalFile(uploadId, file, { actor, ...digestsWhileReceiving });
}

async function blobFiles(h: TestHarness): Promise<string[]> {
  const all = await readdir(path.join(h.dataDir, "blobs"), { recursive: true }).catch(() => []);
  return all.map(String).filter((f) => /[0-9a-f]{32}$/.test(f)).sort();
}

describe.each(PROVIDERS)("uploads on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  it("stores content with a server-computed SHA-256 and serves it back", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const node = await putFile(h.services, actor, rootId, "报告.txt", "你好, Haven");
    const content = await h.services.downloads.openFile(actor, node.id);
    expect(content.version.sha256).toBe(sha("你好, Haven"));
    expect((await readAll(await content.open())).toString()).toBe("你好, Haven");
    expect((await readAll(await content.open({ start: 0, end: 5 }))).toString()).toBe("你好");
  });

  it("replace makes the old content a version; keep both numbers the name", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const v1 = await putFile(h.services, actor, rootId, "notes.md", "first");
    const v2 = await putFile(h.services, actor, rootId, "notes.md", "second!", { onConflict: "replace" });
    expect(v2.id).toBe(v1.id);
    const { versions, currentId } = await h.services.versions.versions(actor, v1.id);
    expect(versions.map((v) => v.sha256)).toEqual([sha("second!"), sha("first")]);
    expect(currentId).toBe(versions[0]!.id);
    expect((await readAll(await (await h.services.downloads.openFile(actor, v1.id, versions[1]!.id)).open())).toString()).toBe("first");
    expect((await h.services.spaces.usage(user.id)).used).toBe(5 + 7);
    expect((await h.services.files.get(actor, rootId)).node.size).toBe(7);
    const restored = await h.services.versions.restoreVersion(actor, v1.id, versions[1]!.id);
    expect(restored.sha256).toBe(sha("first"));
    expect((await h.services.versions.versions(actor, v1.id)).versions).toHaveLength(3);
    expect((await h.services.files.get(actor, rootId)).node.size).toBe(5);
    expect((await h.services.spaces.usage(user.id)).used).toBe(5 + 7 + 5);
    const both = await putFile(h.services, actor, rootId, "notes.md", "third", { onConflict: "rename" });
    expect(both.name).toBe("notes (1).md");
  });

  it("reserves quota at creation so parallel uploads can never exceed it", async () => {
    const { actor, rootId, user } = await makeUser(h.services, { quota: 1000 });
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => h.services.uploads.begin(actor, `par-${provider}-${i}`, { parentId: rootId, name: `f${i}.bin`, size: 300 })),
    );
    const ok = attempts.filter((a) => a.status === "fulfilled");
    expect(ok).toHaveLength(3);
    for (const a of attempts) if (a.status === "rejected") expect((a.reason as DomainError).code).toBe("QUOTA_EXCEEDED");
    for (let i = 0; i < 8; i++) await h.services.uploads.cancel(`par-${provider}-${i}`);
    const space = await h.services.spaces.personalSpace(user.id);
    expect(space.reservedBytes).toBe(0);
    expect(space.usedBytes).toBe(0);
  });

  it("refuses over-quota streams and keeps nothing", async () => {
    const { actor, rootId, user } = await makeUser(h.services, { quota: 10 });
    const blobsBefore = await blobFiles(h);
    await expect(putFile(h.services, actor, rootId, "big.bin", Buffer.alloc(11))).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    await expect(h.services.uploads.putStream(actor, { parentId: rootId, name: "unknown-size.bin", body: Readable.from([Buffer.alloc(50)]) })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect((await h.services.files.list(actor, rootId)).items).toHaveLength(0);
    const space = await h.services.spaces.personalSpace(user.id);
    expect([space.usedBytes, space.reservedBytes]).toEqual([0, 0]);
    expect(await blobFiles(h)).toEqual(blobsBefore);
  });

  it("leaves no file, blob or reservation behind when the byte stream fails midway", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const blobsBefore = await blobFiles(h);
    const body = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
        this.destroy(new Error("connection reset"));
      },
    });
    await expect(h.services.uploads.putStream(actor, { parentId: rootId, name: "broken.bin", body, declaredSize: 1_000_000 })).rejects.toThrow(/connection reset/);
    expect((await h.services.files.list(actor, rootId)).items).toHaveLength(0);
    expect(await blobFiles(h)).toEqual(blobsBefore);
    const space = await h.services.spaces.personalSpace(user.id);
    expect([space.usedBytes, space.reservedBytes]).toEqual([0, 0]);
  });

  it("creates the folders of a relative path (folder upload)", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const { upload } = await h.services.uploads.begin(actor, `rel-${provider}`, { parentId: rootId, name: "photos/2024/beach.jpg", size: 3 });
    const node = await stageAndFinish(h, actor, upload.id, Buffer.from("jpg"));
    const crumbs = await h.services.files.crumbs(actor, node.id);
    expect(crumbs.map((c) => c.name)).toEqual(["", "photos", "2024", "beach.jpg"]);
    await expect(h.services.uploads.begin(actor, `rel2-${provider}`, { parentId: rootId, name: "photos/../x.jpg", size: 1 })).rejects.toMatchObject({ code: "INVALID_NAME" });
  });

  it("fails clearly when the folder is deleted during the upload, releasing the reservation", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const folder = await h.services.files.createFolder(actor, rootId, "inbox");
    const { upload } = await h.services.uploads.begin(actor, `gone-${provider}`, { parentId: folder.node.id, name: "late.txt", size: 4 });
    expect((await h.services.spaces.personalSpace(user.id)).reservedBytes).toBe(4);
    await h.services.trash.trash(actor, [folder.node.id]);
    await expect(stageAndFinish(h, actor, upload.id, Buffer.from("late"))).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/deleted while the file was uploading/) });
    const space = await h.services.spaces.personalSpace(user.id);
    expect([space.usedBytes, space.reservedBytes]).toEqual([0, 0]);
  });

  it("takes the digest computed while receiving, and hashes the file itself when there is none", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const bytes = Buffer.from("streamed and hashed on the way");
    const { upload: a } = await h.services.uploads.begin(actor, `dig-${provider}`, { parentId: rootId, name: "a.txt", size: bytes.length });
    // Marker digests that are not the bytes' own: storing exactly them proves the given digests are trusted, not recomputed.
    const marker = { sha256: "ab".repeat(32), sha1: "cd".repeat(20) };
    const withDigest = await stageAndFinish(h, actor, a.id, bytes, marker);
    expect((await h.services.files.getMany(actor, [withDigest.id]))[0]).toMatchObject(marker);
    // After a restart mid-upload the running hash is gone: finishing reads the file again, for both digests.
    const { upload: b } = await h.services.uploads.begin(actor, `nodig-${provider}`, { parentId: rootId, name: "b.txt", size: bytes.length });
    const rehashed = await stageAndFinish(h, actor, b.id, bytes);
    expect((await h.services.files.getMany(actor, [rehashed.id]))[0]).toMatchObject({ sha256: sha(bytes), sha1: sha1(bytes) });
    // A SHA-256 alone (tus hashes only it while receiving): the file is not read; the blob gets its SHA-1 from its
    // blobs.sha1 job, which reads it once and checks the SHA-256.
    const { upload: d } = await h.services.uploads.begin(actor, `dig256-${provider}`, { parentId: rootId, name: "d.txt", size: bytes.length });
    const only256 = await stageAndFinish(h, actor, d.id, bytes, { sha256: sha(bytes) });
    expect((await h.services.files.getMany(actor, [only256.id]))[0]).toMatchObject({ sha256: sha(bytes), sha1: null });
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await worker.runDue();
    expect((await h.services.files.getMany(actor, [only256.id]))[0]).toMatchObject({ sha256: sha(bytes), sha1: sha1(bytes) });
    // The size check does not depend on the digest.
    const { upload: c } = await h.services.uploads.begin(actor, `digshort-${provider}`, { parentId: rootId, name: "c.txt", size: bytes.length + 1 });
    await expect(stageAndFinish(h, actor, c.id, bytes, { sha256: sha(bytes), sha1: sha1(bytes) })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("rejects a finished upload whose size differs from the declared one", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const { upload } = await h.services.uploads.begin(actor, `short-${provider}`, { parentId: rootId, name: "short.txt", size: 10 });
    await expect(stageAndFinish(h, actor, upload.id, Buffer.from("abc"))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await h.services.files.list(actor, rootId)).items).toHaveLength(0);
    expect((await h.services.spaces.personalSpace(user.id)).reservedBytes).toBe(0);
  });

  it("expires abandoned uploads and releases their reservation", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    await h.services.uploads.begin(actor, `stale-${provider}`, { parentId: rootId, name: "stale.bin", size: 500 });
    expect(await h.services.uploads.expire(clock.now())).toEqual([]);
    clock.advance(25 * 60 * 60 * 1000);
    expect(await h.services.uploads.expire(clock.now())).toEqual([`stale-${provider}`]);
    expect((await h.services.spaces.personalSpace(user.id)).reservedBytes).toBe(0);
    await expect(stageAndFinish(h, actor, `stale-${provider}`, Buffer.alloc(500))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("enforces the storage policy's size and type limits", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const policy = await h.services.spaces.defaultPolicy();
    await h.services.uow.repos.spaces.updatePolicyLimits(policy.id, { maxFileSize: 100, allowedExtensions: "txt,md" });
    try {
      await expect(h.services.uploads.begin(actor, `big-${provider}`, { parentId: rootId, name: "a.txt", size: 101 })).rejects.toMatchObject({ code: "TOO_LARGE" });
      await expect(h.services.uploads.begin(actor, `exe-${provider}`, { parentId: rootId, name: "a.exe", size: 1 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
      await expect(h.services.uploads.begin(actor, `ok-${provider}`, { parentId: rootId, name: "a.md", size: 100 })).resolves.toBeDefined();
      await h.services.uploads.cancel(`ok-${provider}`);
    } finally {
      await h.services.uow.repos.spaces.updatePolicyLimits(policy.id, { maxFileSize: null, allowedExtensions: null });
    }
  });

  it("stops reading an unsized stream once it passes the quota left, or the declared size", async () => {
    const { actor, rootId, user } = await makeUser(h.services, { quota: 1024 * 1024 });
    await putFile(h.services, actor, rootId, "half.bin", Buffer.alloc(512 * 1024));
    const blobsBefore = await blobFiles(h);
    let pulled = 0;
    const endless = () =>
      new Readable({
        read() {
          pulled += 64 * 1024;
          this.push(Buffer.alloc(64 * 1024, 7));
        },
      });
    await expect(h.services.uploads.putStream(actor, { parentId: rootId, name: "endless.bin", body: endless() })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    // Read up to the quota left (512 KiB) plus what the stream buffers ahead, never on to the end.
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
    pulled = 0;
    // A declared size (macOS's X-Expected-Entity-Length with a chunked body) is the most a body may bring.
    await expect(h.services.uploads.putStream(actor, { parentId: rootId, name: "declared.bin", body: endless(), declaredSize: 100 * 1024 })).rejects.toMatchObject({ code: "TOO_LARGE" });
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
    const space = await h.services.spaces.personalSpace(user.id);
    expect([space.usedBytes, space.reservedBytes]).toEqual([512 * 1024, 0]);
    expect(await blobFiles(h)).toEqual(blobsBefore);
    expect((await h.services.files.list(actor, rootId)).items.map((e) => e.node.name)).toEqual(["half.bin"]);
    // What fits the quota left exactly is stored.
    await expect(h.services.uploads.putStream(actor, { parentId: rootId, name: "rest.bin", body: Readable.from([Buffer.alloc(512 * 1024)]) })).resolves.toMatchObject({ size: 512 * 1024 });
  });

  /** A body that sends its first byte, then waits for `gate` before its last: what happens meanwhile is seen at commit. */
  function slowBody(gate: Promise<void>): { body: Readable; reading: Promise<void> } {
    let started!: () => void;
    const reading = new Promise<void>((resolve) => (started = resolve));
    const body = Readable.from(
      (async function* () {
        yield Buffer.from("a");
        started();
        await gate;
        yield Buffer.from("b");
      })(),
    );
    return { body, reading };
  }

  it("commits a stream with the request's own actor: its folder scope and lock tokens still hold at commit", async () => {
    const { actor, rootId, spaceId } = await makeUser(h.services);
    const shared = await h.services.files.createFolder(actor, rootId, "shared");
    const sub = await h.services.files.createFolder(actor, shared.node.id, "sub");
    // A client limited to /shared: its folder is moved out of that scope while its upload runs.
    const scoped: Actor = { ...actor, scopeNodeId: shared.node.id, lockTokens: [] };
    let open!: () => void;
    const moved = slowBody(new Promise((resolve) => (open = resolve)));
    const upload = h.services.uploads.putStream(scoped, { parentId: sub.node.id, name: "x.txt", body: moved.body });
    await moved.reading;
    await h.services.files.moveTo(actor, sub.node.id, rootId, "sub", { overwrite: false });
    open();
    await expect(upload).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await h.services.files.list(actor, sub.node.id)).items).toHaveLength(0);

    // A WebDAV client that submitted no lock token: a lock its user takes elsewhere meanwhile still binds it.
    const dav: Actor = { ...actor, lockTokens: [] };
    let release!: () => void;
    const locked = slowBody(new Promise((resolve) => (release = resolve)));
    const put = h.services.uploads.putStream(dav, { parentId: rootId, name: "report.txt", body: locked.body });
    await locked.reading;
    await h.services.locks.lock(actor, spaceId, "/report.txt", { deep: false, owner: null, timeoutSeconds: 60, scope: "exclusive" });
    release();
    await expect(put).rejects.toMatchObject({ code: "LOCKED" });
    const space = await h.services.spaces.personalSpace(actor.userId);
    expect([space.usedBytes, space.reservedBytes]).toEqual([0, 0]);
  });

  it("commits a resumable upload with the limits of the request that finishes it", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const other = await makeUser(h.services);
    const { upload: a } = await h.services.uploads.begin(actor, `ro-${provider}`, { parentId: rootId, name: "ro.txt", size: 2 });
    await expect(stageAndFinish(h, { ...actor, readOnly: true }, a.id, Buffer.from("ro"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { upload: b } = await h.services.uploads.begin(actor, `foreign-${provider}`, { parentId: rootId, name: "b.txt", size: 2 });
    await expect(stageAndFinish(h, other.actor, b.id, Buffer.from("bb"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const folder = await h.services.files.createFolder(actor, rootId, "elsewhere");
    const { upload: c } = await h.services.uploads.begin(actor, `scope-${provider}`, { parentId: rootId, name: "c.txt", size: 2 });
    await expect(stageAndFinish(h, { ...actor, scopeNodeId: folder.node.id }, c.id, Buffer.from("cc"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await h.services.files.list(actor, rootId)).items.map((e) => e.node.name)).toEqual(["elsewhere"]);
    const space = await h.services.spaces.personalSpace(user.id);
    expect([space.usedBytes, space.reservedBytes]).toEqual([0, 0]);
    const { upload: d } = await h.services.uploads.begin(actor, `ok-finish-${provider}`, { parentId: rootId, name: "d.txt", size: 2 });
    await expect(stageAndFinish(h, actor, d.id, Buffer.from("dd"))).resolves.toMatchObject({ name: "d.txt" });
  });
});
