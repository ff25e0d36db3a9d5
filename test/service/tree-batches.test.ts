import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import { FileService } from "@/lib/services/file.service";
import { TrashService } from "@/lib/services/trash.service";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();
/** Small limits, so a tree of a few dozen nodes takes the same batched path as a real one of thousands. */
const BATCH = 10;
const MAX_NODES = 100;

/**
 * A UnitOfWork that records, per transaction, how many nodes were inserted and deleted, and numbers every insert
 * on one shared sequence (so a test can tell what happened before what).
 */
function spyingUow(uow: UnitOfWork, clock: { seq: number }, onInsert?: (count: number) => void) {
  const perTx: { inserted: number; deleted: number }[] = [];
  let inserts = 0;
  const spy = {
    repos: uow.repos,
    lastInsert: 0,
    perTx,
    transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
      return uow.transaction((repos) => {
        const counts = { inserted: 0, deleted: 0 };
        perTx.push(counts);
        const create = repos.nodes.create.bind(repos.nodes);
        repos.nodes.create = async (input) => {
          counts.inserted++;
          const node = await create(input);
          spy.lastInsert = ++clock.seq;
          onInsert?.(++inserts);
          return node;
        };
        // A copy inserts a level at a time: each node of it counts as one insert, in order.
        const createMany = repos.nodes.createMany.bind(repos.nodes);
        repos.nodes.createMany = async (inputs) => {
          counts.inserted += inputs.length;
          const nodes = await createMany(inputs);
          for (const _ of nodes) {
            spy.lastInsert = ++clock.seq;
            onInsert?.(++inserts);
          }
          return nodes;
        };
        const deleteNodes = repos.nodes.deleteNodes.bind(repos.nodes);
        repos.nodes.deleteNodes = async (ids) => {
          counts.deleted += ids.length;
          return deleteNodes(ids);
        };
        return work(repos);
      });
    },
  };
  return spy;
}

describe.each(PROVIDERS)("big tree operations in batches on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  function filesWith(uow: Pick<UnitOfWork, "repos" | "transaction">): FileService {
    const s = h.services;
    return new FileService(uow as UnitOfWork, s.access, s.spaces, s.clock, s.locks, { maxCopyNodes: MAX_NODES, batch: BATCH });
  }

  /** A folder "src" holding 6 folders of 8 files (byte sizes 1..8): 55 nodes, 216 bytes. */
  async function bigTree(actor: Actor, rootId: number): Promise<NodeRecord> {
    const { files } = h.services;
    const src = await files.createFolder(actor, rootId, "src");
    const template = await files.createFolder(actor, src.node.id, "part0");
    for (let i = 1; i <= 8; i++) await putFile(h.services, actor, template.node.id, `f${i}.txt`, "x".repeat(i));
    for (let i = 1; i < 6; i++) await files.copyTo(actor, template.node.id, src.node.id, `part${i}`, { overwrite: false });
    return (await files.get(actor, src.node.id)).node;
  }

  const liveAndHiddenUnder = async (folder: NodeRecord) => (await h.services.uow.repos.nodes.subtree(folder.path)).filter((n) => n.id !== folder.id);

  it("copies a big tree in bounded transactions while other requests are served, and reveals it whole", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const src = await bigTree(actor, rootId);
    const dest = await h.services.files.createFolder(actor, rootId, "dest");
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    const order = { seq: 0 };
    let meanwhile: Promise<number> | undefined;
    const seen: string[][] = [];
    const uow = spyingUow(h.services.uow, order, (count) => {
      // Once the copy is under way, another request of the same user in the same space, and a listing.
      if (count === 3) {
        meanwhile = (async () => {
          await h.services.files.createFolder(actor, rootId, "meanwhile");
          seen.push((await h.services.files.list(actor, dest.node.id)).items.map((e) => e.node.name));
          return ++order.seq;
        })();
      }
    });
    const [copy] = await filesWith(uow).copy(actor, [src.id], dest.node.id);
    const servedAt = await meanwhile!;
    expect(servedAt).toBeLessThan(uow.lastInsert);
    // The half-built copy was not listed.
    expect(seen).toEqual([[]]);
    expect(Math.max(...uow.perTx.map((t) => t.inserted))).toBeLessThanOrEqual(BATCH);
    expect(uow.perTx.filter((t) => t.inserted > 0).length).toBeGreaterThanOrEqual(Math.ceil(55 / BATCH));
    // Whole, with right sizes, names and quota.
    expect(copy!.node.name).toBe("src");
    expect(copy!.node.size).toBe(216);
    expect((await h.services.files.get(actor, dest.node.id)).node.size).toBe(216);
    const tree = await h.services.uow.repos.nodes.subtree(copy!.node.path, { liveOnly: true });
    expect(tree).toHaveLength(55);
    for (const folder of tree.filter((n) => n.isFolder)) {
      expect(folder.size).toBe(tree.filter((n) => !n.isFolder && n.path.startsWith(folder.path)).reduce((s, n) => s + n.size, 0));
    }
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore + 216);
    expect((await h.services.files.list(actor, dest.node.id)).items.map((e) => e.node.name)).toEqual(["src"]);
  });

  it("undoes a big copy that fails midway: nothing left behind, sizes and quota as before", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const src = await bigTree(actor, rootId);
    const dest = await h.services.files.createFolder(actor, rootId, "dest");
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    const rootBefore = (await h.services.files.get(actor, rootId)).node.size;
    let trashing: Promise<number> | undefined;
    const uow = spyingUow(h.services.uow, { seq: 0 }, (count) => {
      if (count === 15) trashing = h.services.trash.trash(actor, [dest.node.id]);
    });
    await expect(filesWith(uow).copy(actor, [src.id], dest.node.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await trashing;
    expect(await liveAndHiddenUnder(dest.node)).toEqual([]);
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore);
    expect((await h.services.files.get(actor, rootId)).node.size).toBe(rootBefore);
    const [restored] = await h.services.trash.restore(actor, [dest.node.id]);
    expect(restored!.node.size).toBe(0);
  });

  it("deletes a big copy the process never finished, with the retention job's sweep", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const src = await bigTree(actor, rootId);
    const dest = await h.services.files.createFolder(actor, rootId, "dest");
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    // The process "stops" after the third transaction: neither the copy nor its undo gets further.
    let calls = 0;
    const dying = {
      repos: h.services.uow.repos,
      transaction: <T>(work: (repos: Repositories) => Promise<T>): Promise<T> => (++calls > 3 ? Promise.reject(new Error("process stopped")) : h.services.uow.transaction(work)),
    };
    await expect(filesWith(dying).copy(actor, [src.id], dest.node.id)).rejects.toThrow("process stopped");
    expect((await liveAndHiddenUnder(dest.node)).length).toBeGreaterThan(1);
    expect((await h.services.spaces.usage(user.id)).used).toBeGreaterThan(usedBefore);
    expect((await h.services.files.list(actor, dest.node.id)).items).toEqual([]);
    expect(await h.services.files.discardAbandonedCopies(new Date(Date.now() - 60_000))).toBe(0);
    expect(await h.services.files.discardAbandonedCopies(new Date(Date.now() + 60_000))).toBe(1);
    expect(await liveAndHiddenUnder(dest.node)).toEqual([]);
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore);
  });

  it("refuses a copy above the node cap with a clear TOO_LARGE, before copying anything", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const src = await bigTree(actor, rootId);
    const other = await h.services.files.createFolder(actor, rootId, "other");
    await h.services.files.copyTo(actor, src.id, other.node.id, "src", { overwrite: false });
    const dest = await h.services.files.createFolder(actor, rootId, "dest");
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    const files = filesWith(h.services.uow);
    // 55 + 56 nodes together are above the cap of 100; each alone is not.
    const tooMany = { code: "TOO_LARGE", message: expect.stringMatching(/at most 100 files and folders; this one has 111/), details: { nodes: 111, maxNodes: MAX_NODES } };
    await expect(files.copy(actor, [src.id, other.node.id], dest.node.id)).rejects.toMatchObject(tooMany);
    await files.copy(actor, [src.id], dest.node.id);
    await files.copy(actor, [other.node.id], dest.node.id);
    // dest now holds 1 + 55 + 56 nodes.
    await expect(files.copyTo(actor, dest.node.id, rootId, "dest2", { overwrite: false })).rejects.toMatchObject({ ...tooMany, details: { nodes: 112, maxNodes: MAX_NODES }, message: expect.any(String) });
    expect((await h.services.files.list(actor, rootId)).items.map((e) => e.node.name)).toEqual(["dest", "other", "src"]);
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore + 2 * 216);
  });

  it("purges a big trash entry in bounded transactions, refunding every byte", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const src = await bigTree(actor, rootId);
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    await h.services.trash.trash(actor, [src.id]);
    const order = { seq: 0 };
    const uow = spyingUow(h.services.uow, order);
    const s = h.services;
    const trash = new TrashService(uow as unknown as UnitOfWork, s.access, s.spaces, s.jobs, s.clock, s.locks, BATCH);
    expect(await trash.purge(actor, [src.id])).toBe(1);
    const deleting = uow.perTx.filter((t) => t.deleted > 0);
    expect(deleting.reduce((sum, t) => sum + t.deleted, 0)).toBe(55);
    expect(Math.max(...deleting.map((t) => t.deleted))).toBeLessThanOrEqual(BATCH);
    expect(await h.services.uow.repos.nodes.findById(src.id)).toBeNull();
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore - 216);
    expect(await h.services.trash.listTrash(actor)).toEqual([]);
  });
});
