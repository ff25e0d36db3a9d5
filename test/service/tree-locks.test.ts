import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** Locks die with their resource, whichever door deletes or moves it (browser and REST call these services). */
describe.each(PROVIDERS)("locks released by the tree services on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  const req = { scope: "exclusive", deep: false, owner: null, timeoutSeconds: 600 } as const;

  it("trashing, moving or renaming a locked node drops the locks on its old path and below", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const { files, trash, locks } = h.services;
    const docs = await files.createFolder(owner.actor, owner.rootId, "docs");
    const other = await files.createFolder(owner.actor, owner.rootId, "other");
    const a = await putFile(h.services, owner.actor, docs.node.id, "a.txt", "a");
    const b = await putFile(h.services, owner.actor, docs.node.id, "b.txt", "b");
    const c = await putFile(h.services, owner.actor, docs.node.id, "c.txt", "c");
    const d = await putFile(h.services, owner.actor, docs.node.id, "d.txt", "d");
    const box = await files.createFolder(owner.actor, owner.rootId, "box");
    const inner = await files.createFolder(owner.actor, box.node.id, "inner");
    await putFile(h.services, owner.actor, inner.node.id, "e.txt", "e");
    for (const path of ["/docs/a.txt", "/docs/b.txt", "/docs/c.txt", "/docs/d.txt", "/box/inner/e.txt"]) await locks.lock(owner.actor, owner.spaceId, path, req);
    const lockedAt = async (path: string) => (await locks.covering(owner.spaceId, path)).map((l) => l.path);

    // The owner's browser has no tokens and may change what its own WebDAV client locked.
    await trash.trash(owner.actor, [a.id]);
    expect(await lockedAt("/docs/a.txt")).toEqual([]);
    await files.move(owner.actor, [b.id], other.node.id);
    expect(await lockedAt("/docs/b.txt")).toEqual([]);
    await files.rename(owner.actor, c.id, "c2.txt");
    expect(await lockedAt("/docs/c.txt")).toEqual([]);
    await files.moveTo(owner.actor, d.id, other.node.id, "d.txt", { overwrite: false });
    expect(await lockedAt("/docs/d.txt")).toEqual([]);
    await trash.trash(owner.actor, [box.node.id]);
    expect(await lockedAt("/box/inner/e.txt")).toEqual([]);

    // A new file at a freed path is not blocked by a stale lock.
    expect((await putFile(h.services, editor.actor, docs.node.id, "b.txt", "new")).name).toBe("b.txt");
    expect((await files.createFolder(editor.actor, docs.node.id, "a.txt")).node.name).toBe("a.txt");
  });

  it("keeps locks on other paths and refuses a locked node to someone else without dropping the lock", async () => {
    const owner = await makeUser(h.services);
    const editor = await makeUser(h.services);
    await h.services.uow.repos.spaces.addMember(owner.spaceId, editor.user.id, "editor");
    const { files, trash, locks } = h.services;
    const kept = await putFile(h.services, owner.actor, owner.rootId, "kept.txt", "k");
    const gone = await putFile(h.services, owner.actor, owner.rootId, "gone.txt", "g");
    await locks.lock(owner.actor, owner.spaceId, "/kept.txt", req);
    await locks.lock(owner.actor, owner.spaceId, "/gone.txt", req);
    await expect(trash.trash(editor.actor, [kept.id])).rejects.toMatchObject({ code: "LOCKED" });
    await trash.trash(owner.actor, [gone.id]);
    expect((await locks.covering(owner.spaceId, "/kept.txt")).map((l) => l.path)).toEqual(["/kept.txt"]);
    expect(await locks.covering(owner.spaceId, "/gone.txt")).toEqual([]);
    expect((await files.get(owner.actor, kept.id)).node.name).toBe("kept.txt");
  });
});
