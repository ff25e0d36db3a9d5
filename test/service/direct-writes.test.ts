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
});
