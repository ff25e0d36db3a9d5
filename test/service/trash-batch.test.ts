import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeRecord } from "@/lib/domain/types";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { codeOf } from "../helpers/errors";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();
const FILES_PER_FOLDER = 20;
const FOLDERS = 100;

/** Every live folder's size is the sum of its live children's: the invariant batched trash must keep. */
function expectSizesConsistent(tree: NodeRecord[]): void {
  const sums = new Map<number, number>();
  for (const n of tree) if (n.parentId !== null) sums.set(n.parentId, (sums.get(n.parentId) ?? 0) + n.size);
  for (const folder of tree.filter((n) => n.isFolder)) expect({ id: folder.id, size: folder.size }).toEqual({ id: folder.id, size: sums.get(folder.id) ?? 0 });
}

describe.each(PROVIDERS)("batched trash on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("trashes about 2,000 items in one call, keeping sizes, ETags, quota and restore right", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const { files } = h.services;
    const repos = h.services.uow.repos;
    const parent = await files.createFolder(actor, rootId, "projects");
    const template = await files.createFolder(actor, rootId, "template");
    // Files of 1..20 bytes, so every folder holds 210 bytes; copies share blobs and cost no uploads.
    for (let i = 1; i <= FILES_PER_FOLDER; i++) await putFile(h.services, actor, template.node.id, `f${i}.txt`, "x".repeat(i));
    const folders: NodeRecord[] = [];
    for (let i = 0; i < FOLDERS; i++) {
      const [copy] = await files.copy(actor, [template.node.id], parent.node.id);
      folders.push(copy!.node);
    }
    await h.services.trash.trash(actor, [template.node.id]);
    const childrenOf = async (folder: NodeRecord) => (await repos.nodes.subtree(folder.path, { liveOnly: true })).filter((n) => n.parentId === folder.id);
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    const before = new Map((await repos.nodes.subtree((await repos.nodes.findById(rootId))!.path)).map((n) => [n.id, n]));

    // Files of folders 0..89 one by one, folders 90..94 whole (plus a file inside 90), 95..99 untouched.
    const emptied = folders.slice(0, 90);
    const wholeFolders = folders.slice(90, 95);
    const untouched = folders.slice(95);
    const looseFiles = (await Promise.all(emptied.map(childrenOf))).flat();
    const nested = (await childrenOf(wholeFolders[0]!))[0]!;
    const ids = [...looseFiles.map((f) => f.id), ...wholeFolders.map((f) => f.id), nested.id];
    expect(ids.length).toBe(90 * FILES_PER_FOLDER + 5 + 1);

    const started = performance.now();
    expect(await h.services.trash.trash(actor, ids)).toBe(ids.length);
    const seconds = (performance.now() - started) / 1000;
    console.log(`batched trash on ${provider}: ${ids.length} items in ${seconds.toFixed(2)} s`);
    // One by one this took ~10 statements per item (minutes on PostgreSQL); batched it is a few dozen.
    expect(seconds).toBeLessThan(20);

    const after = new Map((await repos.nodes.subtree((await repos.nodes.findById(rootId))!.path)).map((n) => [n.id, n]));
    const live = [...after.values()].filter((n) => !n.trashedAt);
    expectSizesConsistent(live);
    expect(after.get(parent.node.id)!.size).toBe(untouched.length * 210);
    for (const f of emptied) expect(after.get(f.id)!.size).toBe(0);
    // ETags: new on every changed folder and its ancestors, unchanged on untouched siblings.
    for (const id of [rootId, parent.node.id, ...emptied.map((f) => f.id)]) expect(after.get(id)!.etag).not.toBe(before.get(id)!.etag);
    for (const f of untouched) expect(after.get(f.id)!.etag).toBe(before.get(f.id)!.etag);
    // Trashed bytes still count toward the quota; the nested file went with its folder's entry.
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore);
    const trash = await h.services.trash.listTrash(actor);
    expect(trash).toHaveLength(ids.length); // the nested file is merged into its folder; the template has its own entry
    expect(after.get(nested.id)!.trashRootId).toBe(wholeFolders[0]!.id);
    expect(after.get(looseFiles[0]!.id)!).toMatchObject({ trashRootId: looseFiles[0]!.id, originalParentId: emptied[0]!.id });
    await expect(files.get(actor, looseFiles[0]!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const etagBeforeRestore = after.get(parent.node.id)!.etag;
    await h.services.trash.restore(actor, [looseFiles[0]!.id, looseFiles[1]!.id, wholeFolders[0]!.id]);
    const restoredTree = (await repos.nodes.subtree((await repos.nodes.findById(rootId))!.path, { liveOnly: true }));
    expectSizesConsistent(restoredTree);
    const byId = new Map(restoredTree.map((n) => [n.id, n]));
    expect(byId.get(emptied[0]!.id)!.size).toBe(looseFiles[0]!.size + looseFiles[1]!.size);
    expect(byId.get(wholeFolders[0]!.id)!.size).toBe(210);
    expect(byId.get(parent.node.id)!.size).toBe(untouched.length * 210 + 210 + looseFiles[0]!.size + looseFiles[1]!.size);
    expect(byId.get(nested.id)!.parentId).toBe(wholeFolders[0]!.id);
    expect(byId.get(parent.node.id)!.etag).not.toBe(etagBeforeRestore);
    expect((await files.list(actor, emptied[0]!.id)).items.map((e) => e.node.name).sort()).toEqual([looseFiles[0]!.name, looseFiles[1]!.name].sort());
    // Restored names are live again: the same name cannot be created twice.
    await expect(putFile(h.services, actor, emptied[0]!.id, looseFiles[0]!.name, "clash")).resolves.toMatchObject({ name: expect.stringMatching(/\(1\)/) });
  }, 180_000);

  it("trashes all or nothing: one foreign, missing or root id fails the whole batch", async () => {
    const alice = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const mine = await putFile(h.services, alice.actor, alice.rootId, "mine.txt", "abc");
    const theirs = await putFile(h.services, bob.actor, bob.rootId, "theirs.txt", "def");
    expect(await codeOf(h.services.trash.trash(alice.actor, [mine.id, theirs.id]))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.trash.trash(alice.actor, [mine.id, 99_999_999]))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.trash.trash(alice.actor, [mine.id, alice.rootId]))).toBe("FORBIDDEN");
    expect((await h.services.files.get(alice.actor, mine.id)).node.trashedAt).toBeNull();
    expect((await h.services.files.get(bob.actor, theirs.id)).node.trashedAt).toBeNull();
    expect(await h.services.trash.trash(alice.actor, [])).toBe(0);
  });
});
