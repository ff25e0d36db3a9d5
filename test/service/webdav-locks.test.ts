import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers, scheduleRecurringJobs } from "@/lib/jobs/handlers";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** The lock rule in the services (every write path, not only WebDAV) and the job that clears expired locks. */
describe.each(PROVIDERS)("WebDAV locks in the services on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock();
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  const req = { scope: "exclusive", deep: false, owner: null, timeoutSeconds: 60 } as const;

  it("refuses another member's rename, move, trash and replacing upload of a locked file; the holder may write", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const folder = await h.services.files.createFolder(owner.actor, owner.rootId, "docs");
    const file = await putFile(h.services, owner.actor, folder.node.id, "plan.txt", "v1");
    const other = await h.services.files.createFolder(owner.actor, owner.rootId, "other");
    const lock = await h.services.locks.lock(owner.actor, owner.spaceId, "/docs/plan.txt", req);

    const files = h.services.files;
    const locked = { code: "LOCKED", details: { path: "/docs/plan.txt" } };
    await expect(files.rename(editor.actor, file.id, "x.txt")).rejects.toMatchObject(locked);
    await expect(files.move(editor.actor, [file.id], other.node.id)).rejects.toMatchObject(locked);
    await expect(h.services.trash.trash(editor.actor, [file.id])).rejects.toMatchObject(locked);
    await expect(h.services.trash.trash(editor.actor, [folder.node.id])).rejects.toMatchObject(locked);
    await expect(putFile(h.services, editor.actor, folder.node.id, "plan.txt", "v2", { onConflict: "replace" })).rejects.toMatchObject(locked);
    // Another name next to it is free (a depth-0 lock on a file does not cover its folder).
    expect((await putFile(h.services, editor.actor, folder.node.id, "notes.txt", "n")).name).toBe("notes.txt");
    expect((await files.get(owner.actor, file.id)).node.name).toBe("plan.txt");

    // The holder's browser (no tokens at all) may write under its own lock.
    expect((await putFile(h.services, owner.actor, folder.node.id, "plan.txt", "v2", { onConflict: "replace" })).name).toBe("plan.txt");
    // WebDAV requests name their tokens: without it even the holder is refused, with it the write goes through.
    await expect(files.rename({ ...owner.actor, lockTokens: [] }, file.id, "y.txt")).rejects.toMatchObject(locked);
    expect((await files.rename({ ...owner.actor, lockTokens: [lock.token] }, file.id, "y.txt")).node.name).toBe("y.txt");
    // The lock was on the old path: it went with the rename, so the editor may change the file now.
    expect(await h.services.locks.covering(owner.spaceId, "/docs/plan.txt")).toEqual([]);
    expect((await files.rename(editor.actor, file.id, "x.txt")).node.name).toBe("x.txt");
  });

  it("a small upload under a lock is refused by the commit and keeps no bytes; a larger one before its body is read", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const held = await h.services.files.createFolder(owner.actor, owner.rootId, "held");
    await h.services.locks.lock(owner.actor, owner.spaceId, "/held", { ...req, deep: true });
    const storedFiles = async () => (await readdir(path.join(h.dataDir, "blobs"), { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => e.name).sort();
    await putFile(h.services, owner.actor, owner.rootId, "outside.txt", "o");
    const before = await storedFiles();
    expect(before.length).toBeGreaterThan(0);
    // Declared up to 64 KiB: its locks are checked in the commit's transaction only; the written bytes are deleted.
    await expect(putFile(h.services, editor.actor, held.node.id, "small.txt", "s")).rejects.toMatchObject({ code: "LOCKED" });
    expect(await storedFiles()).toEqual(before);
    // Larger: refused before a byte of it is read.
    let read = false;
    const body = new Readable({
      read() {
        read = true;
        this.push(null);
      },
    });
    await expect(h.services.uploads.putStream(editor.actor, { parentId: held.node.id, name: "big.bin", body, declaredSize: 1024 * 1024 })).rejects.toMatchObject({ code: "LOCKED" });
    expect(read).toBe(false);
    expect(await h.services.files.list(owner.actor, held.node.id)).toMatchObject({ items: [] });
  });

  it("a deep folder lock covers new files and folders moved in; a depth-0 one protects the folder's membership", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const box = await h.services.files.createFolder(owner.actor, owner.rootId, "box");
    const loose = await putFile(h.services, owner.actor, owner.rootId, "loose.txt", "l");
    await h.services.locks.lock(owner.actor, owner.spaceId, "/box", { ...req, deep: true });
    await expect(putFile(h.services, editor.actor, box.node.id, "new.txt", "n")).rejects.toMatchObject({ code: "LOCKED" });
    await expect(h.services.files.move(editor.actor, [loose.id], box.node.id)).rejects.toMatchObject({ code: "LOCKED" });

    const flat = await h.services.files.createFolder(owner.actor, owner.rootId, "flat");
    const inside = await putFile(h.services, owner.actor, flat.node.id, "in.txt", "i");
    await h.services.locks.lock(owner.actor, owner.spaceId, "/flat", req);
    await expect(h.services.trash.trash(editor.actor, [inside.id])).rejects.toMatchObject({ code: "LOCKED", details: { path: "/flat" } });
  });

  it("every other write path honours a lock too: new folders, mkdir -p, copies and version restores", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const { files } = h.services;
    const box = await files.createFolder(owner.actor, owner.rootId, "box");
    const doc = await putFile(h.services, owner.actor, owner.rootId, "doc.txt", "v1");
    await putFile(h.services, owner.actor, owner.rootId, "doc.txt", "v2", { onConflict: "replace" });
    const [, first] = (await h.services.versions.versions(owner.actor, doc.id)).versions;
    await h.services.locks.lock(owner.actor, owner.spaceId, "/box", { ...req, deep: true });
    await h.services.locks.lock(owner.actor, owner.spaceId, "/doc.txt", req);
    const locked = { code: "LOCKED" };

    await expect(files.createFolder(editor.actor, box.node.id, "sub")).rejects.toMatchObject(locked);
    await expect(files.ensureFolderPath(editor.actor, box.node.id, ["a", "b"])).rejects.toMatchObject(locked);
    await expect(files.copy(editor.actor, [doc.id], box.node.id)).rejects.toMatchObject(locked);
    await expect(files.copyTo(editor.actor, doc.id, box.node.id, "copy.txt", { overwrite: false })).rejects.toMatchObject(locked);
    await expect(h.services.versions.restoreVersion(editor.actor, doc.id, first!.id)).rejects.toMatchObject(locked);
    expect((await files.list(owner.actor, box.node.id)).items).toEqual([]);
    // Outside the locks the same calls work.
    expect((await files.createFolder(editor.actor, owner.rootId, "free")).node.name).toBe("free");
    expect((await files.copy(editor.actor, [doc.id], owner.rootId)).map((e) => e.node.name)).toEqual(["doc (1).txt"]);
  });

  it("an expired lock stops counting, and the recurring locks.expire job deletes it", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const f = await putFile(h.services, owner.actor, owner.rootId, "soon.txt", "s");
    const short = await h.services.locks.lock(owner.actor, owner.spaceId, "/soon.txt", { ...req, timeoutSeconds: 30 });
    const long = await h.services.locks.lock(owner.actor, owner.spaceId, "/later.txt", { ...req, timeoutSeconds: 3600 });
    await expect(h.services.files.rename(editor.actor, f.id, "s2.txt")).rejects.toMatchObject({ code: "LOCKED" });
    clock.advance(31_000);
    expect((await h.services.files.rename(editor.actor, f.id, "s2.txt")).node.name).toBe("s2.txt");

    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await scheduleRecurringJobs(h.services);
    clock.advance(61_000);
    expect(await worker.runDue()).toBeGreaterThan(0);
    expect(await h.services.uow.repos.davLocks.findByToken(short.token)).toBeNull();
    expect(await h.services.uow.repos.davLocks.findByToken(long.token)).not.toBeNull();
    const [job] = await h.services.uow.repos.jobs.list({ type: "locks.expire" });
    expect(job).toMatchObject({ status: "queued" });
    expect(job!.runAt.getTime()).toBe(clock.now().getTime() + 15 * 60_000);
  });

  it("locking an unmapped path creates an empty file under the new lock; no lock stays when the file cannot be made", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const { locks, files } = h.services;
    const lock = await locks.lockUnmapped({ ...owner.actor, lockTokens: [] }, owner.spaceId, "/new.txt", req, { parentId: owner.rootId, name: "new.txt" });
    const [made] = (await files.list(owner.actor, owner.rootId)).items;
    expect(made?.node).toMatchObject({ name: "new.txt", size: 0, isFolder: false });
    expect((await locks.covering(owner.spaceId, "/new.txt")).map((l) => l.token)).toEqual([lock.token]);
    await expect(putFile(h.services, editor.actor, owner.rootId, "new.txt", "x", { onConflict: "replace" })).rejects.toMatchObject({ code: "LOCKED" });

    // A depth-0 lock on the folder protects its membership: the editor's lock-null file cannot be made, nor its lock kept.
    const box = await files.createFolder(owner.actor, owner.rootId, "box");
    await locks.lock(owner.actor, owner.spaceId, "/box", req);
    await expect(locks.lockUnmapped(editor.actor, owner.spaceId, "/box/x.txt", req, { parentId: box.node.id, name: "x.txt" })).rejects.toMatchObject({ code: "LOCKED", details: { path: "/box" } });
    expect(await locks.covering(owner.spaceId, "/box/x.txt")).toEqual([]);
    expect((await files.list(owner.actor, box.node.id)).items).toEqual([]);
  });
});
