import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { statementCounter } from "../helpers/statement-counter";

const PROVIDERS = await providers();

/**
 * Small writes without a reservation (UploadService.putStream under DIRECT_WRITE_MAX_BYTES, and putMany for bulk
 * uploads): one transaction per file or per batch, what the request resolved trusted only while it still holds, and
 * the quota checked by the commit's conditional UPDATE.
 */
describe.each(PROVIDERS)("direct small writes on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  const content = async (actor: Actor, node: NodeRecord) => (await readAll(await (await h.services.downloads.openFile(actor, node.id)).open())).toString();
  const usage = async (spaceId: number) => (await h.services.uow.repos.spaces.findById(spaceId))!;
  const entry = (actor: Actor, folderId: number) => h.services.files.get(actor, folderId);

  it("a stale resolution is noticed and the write still lands right: a file that appeared meanwhile gets a new version", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const parent = await entry(actor, rootId);
    const first = await putFile(h.services, actor, rootId, "race.txt", "one");
    // The request resolved the name before the other writer's file existed.
    const node = await h.services.uploads.putStream(actor, {
      parentId: rootId,
      name: "race.txt",
      body: Readable.from([Buffer.from("two")]),
      declaredSize: 3,
      onConflict: "replace",
      resolved: { parent: { node: parent.node, rights: parent.rights }, existing: null },
    });
    expect(node.id).toBe(first.id);
    expect(await content(actor, node)).toBe("two");
    expect((await h.services.versions.versions(actor, node.id)).versions).toHaveLength(2);
  });

  it("a parent moved after the request resolved it: the new file's path follows the parent's real place", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const a = await h.services.files.createFolder(actor, rootId, "a");
    const b = await h.services.files.createFolder(actor, rootId, "b");
    const seen = await entry(actor, b.node.id);
    await h.services.files.moveTo(actor, b.node.id, a.node.id, "b", { overwrite: false });
    const node = await h.services.uploads.putStream(actor, {
      parentId: b.node.id,
      name: "f.txt",
      body: Readable.from([Buffer.from("x")]),
      declaredSize: 1,
      resolved: { parent: { node: seen.node, rights: seen.rights }, existing: null },
    });
    const moved = await entry(actor, b.node.id);
    expect(node.path).toBe(`${moved.node.path}${node.id}/`);
    expect((await h.services.uow.repos.nodes.findById(node.id))!.path).toBe(node.path);
    expect((await entry(actor, a.node.id)).node.size).toBe(1);
  });

  it("a declared size past the quota is refused before the body is read", async () => {
    const { actor, rootId } = await makeUser(h.services, { quota: 10 });
    let read = false;
    const body = new Readable({
      read() {
        read = true;
        this.push(null);
      },
    });
    await expect(h.services.uploads.putStream(actor, { parentId: rootId, name: "big.bin", body, declaredSize: 11 })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(read).toBe(false);
  });

  it("over the quota: QUOTA_EXCEEDED and nothing written, usage unchanged", async () => {
    const { actor, rootId, spaceId } = await makeUser(h.services, { quota: 10 });
    await putFile(h.services, actor, rootId, "fits.txt", "12345678");
    const before = await usage(spaceId);
    await expect(putFile(h.services, actor, rootId, "big.txt", "123")).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    const after = await usage(spaceId);
    expect({ used: after.usedBytes, reserved: after.reservedBytes }).toEqual({ used: before.usedBytes, reserved: 0 });
    expect(await h.services.uow.repos.nodes.findLiveChild(rootId, "big.txt")).toBeNull();
  });

  it("a batch commits in one transaction: new files, a new version of an existing one, ETags up the tree", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const folder = await h.services.files.createFolder(actor, rootId, "sync");
    const old = await putFile(h.services, actor, folder.node.id, "f0.txt", "old");
    const rootEtag = (await entry(actor, rootId)).node.etag;
    const counter = statementCounter();
    let results: Awaited<ReturnType<typeof h.services.uploads.putMany>> = [];
    const run = await counter.measure(async () => {
      results = await h.services.uploads.putMany(
        actor,
        Array.from({ length: 5 }, (_, i) => ({ parentId: folder.node.id, name: `f${i}.txt`, content: Buffer.from(`new ${i}`), mtime: new Date(1_600_000_000_000 + i * 1000) })),
      );
    });
    counter.restore();
    expect(run.log.filter((sql) => /^BEGIN/i.test(sql.trim()))).toHaveLength(1);
    expect(results.every((r) => r.ok)).toBe(true);
    const nodes = results.map((r) => (r.ok ? r.node : null)!);
    expect(nodes[0]!.id).toBe(old.id);
    expect((await h.services.versions.versions(actor, old.id)).versions).toHaveLength(2);
    for (const [i, node] of nodes.entries()) {
      expect(await content(actor, node)).toBe(`new ${i}`);
      expect(node.mtime.getTime()).toBe(1_600_000_000_000 + i * 1000);
    }
    const after = await entry(actor, folder.node.id);
    expect(after.node.size).toBe(nodes.reduce((sum, n) => sum + n.size, 0));
    expect((await entry(actor, rootId)).node.etag).not.toBe(rootEtag);
  });

  it("a batch with a file over the quota: that file fails alone, the others are stored, usage is exact", async () => {
    const { actor, rootId, spaceId } = await makeUser(h.services, { quota: 20 });
    const results = await h.services.uploads.putMany(actor, [
      { parentId: rootId, name: "a.txt", content: Buffer.from("aaaaa") },
      { parentId: rootId, name: "huge.txt", content: Buffer.alloc(30, 1) },
      { parentId: rootId, name: "b.txt", content: Buffer.from("bbbbb") },
      { parentId: rootId, name: "..", content: Buffer.from("x") },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false]);
    expect(!results[1]!.ok && isDomainError(results[1]!.error) && results[1]!.error.code).toBe("QUOTA_EXCEEDED");
    expect(await h.services.uow.repos.nodes.findLiveChild(rootId, "huge.txt")).toBeNull();
    expect((await usage(spaceId)).usedBytes).toBe(10);
    expect((await entry(actor, rootId)).node.size).toBe(10);
  });

  it("a batch of new files resolved by folder: one transaction; a file over the quota, a name taken meanwhile and a locked name each fail or land alone", async () => {
    const { actor, rootId, spaceId } = await makeUser(h.services, { quota: 100 });
    const owner = await makeUser(h.services);
    const folder = await h.services.files.createFolder(actor, rootId, "in");
    const resolved = { parent: { node: folder.node, rights: folder.rights } };
    const batch = (names: [string, string][]) => names.map(([name, text]) => ({ parentId: folder.node.id, name, content: Buffer.from(text), folder: resolved }));

    const counter = statementCounter();
    let first: Awaited<ReturnType<typeof h.services.uploads.putMany>> = [];
    const run = await counter.measure(async () => {
      first = await h.services.uploads.putMany(actor, batch(Array.from({ length: 20 }, (_, i): [string, string] => [`n${i}.bin`, "12"])));
    });
    counter.restore();
    expect(first.every((r) => r.ok)).toBe(true);
    expect(run.log.filter((sql) => /^BEGIN/i.test(sql.trim()))).toHaveLength(1);
    expect(run.count).toBeLessThan(25);
    for (const [i, r] of first.entries()) {
      const node = r.ok ? r.node : null;
      expect(node).toMatchObject({ name: `n${i}.bin`, size: 2, path: `${folder.node.path}${node!.id}/` });
      expect(await content(actor, node!)).toBe("12");
    }
    expect((await entry(actor, folder.node.id)).node.size).toBe(40);
    expect((await usage(spaceId)).usedBytes).toBe(40);

    // Over the quota (60 left): the batch's transaction fails and each file commits alone.
    const second = await h.services.uploads.putMany(actor, batch([["a.bin", "aaaaa"], ["huge.bin", "x".repeat(70)], ["b.bin", "bbbbb"]]));
    expect(second.map((r) => r.ok)).toEqual([true, false, true]);
    expect(!second[1]!.ok && isDomainError(second[1]!.error) && second[1]!.error.code).toBe("QUOTA_EXCEEDED");
    expect(await h.services.uow.repos.nodes.findLiveChild(folder.node.id, "huge.bin")).toBeNull();
    expect((await usage(spaceId)).usedBytes).toBe(50);
    expect((await entry(actor, folder.node.id)).node.size).toBe(50);

    // A name taken after the request resolved its folder: that file becomes a new version, the others are new files.
    const taken = await putFile(h.services, actor, folder.node.id, "late.bin", "old");
    const third = await h.services.uploads.putMany(actor, batch([["c.bin", "c"], ["late.bin", "new"]]).map((f) => (f.name === "late.bin" ? { ...f, folder: undefined, resolved: { ...resolved, existing: null } } : f)));
    expect(third.map((r) => r.ok && r.node.id === taken.id)).toEqual([false, true]);
    expect(third[0]!.ok).toBe(true);
    expect((await h.services.versions.versions(actor, taken.id)).versions).toHaveLength(2);

    // Another user's lock on one name in a shared space: that file alone is refused.
    await h.services.uow.repos.spaces.addMember(owner.spaceId, actor.userId, "editor");
    const shared = await h.services.files.createFolder(owner.actor, owner.rootId, "shared");
    await h.services.locks.lockUnmapped(owner.actor, owner.spaceId, "/shared/held.bin", { scope: "exclusive", deep: false, owner: null, timeoutSeconds: 600 }, { parentId: shared.node.id, name: "held.bin" });
    const sharedFolder = await entry(actor, shared.node.id);
    const fourth = await h.services.uploads.putMany(
      actor,
      ["free.bin", "held.bin"].map((name) => ({ parentId: shared.node.id, name, content: Buffer.from("x"), folder: { parent: { node: sharedFolder.node, rights: sharedFolder.rights } } })),
    );
    expect(fourth[0]!.ok).toBe(true);
    expect(!fourth[1]!.ok && isDomainError(fourth[1]!.error) && fourth[1]!.error.code).toBe("LOCKED");
  });
});
