import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/domain/permissions";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { statementCounter } from "../helpers/statement-counter";

const PROVIDERS = await providers();

/**
 * A folder copy inserts a level at a time (nodes, paths, versions, blob references, current versions and dead
 * properties in a few statements per level), so its statement count no longer grows with the files: it used to cost
 * about six statements per file. The copy stays exact: sizes, fresh ETags, quota and blob reference counts.
 */
describe.each(PROVIDERS)("folder copy statements on %s", (provider) => {
  let h: TestHarness;
  let counter: ReturnType<typeof statementCounter>;
  beforeAll(async () => {
    h = await createHarness(provider);
    counter = statementCounter();
  });
  afterAll(async () => {
    counter?.restore();
    await h?.close();
  });

  /** A folder with `files` files: half at its top, half in a subfolder, one with a dead property. */
  async function tree(actor: Actor, parentId: number, name: string, files: number, opts: { indexed: boolean } = { indexed: true }) {
    const { files: fs } = h.services;
    const top = await fs.createFolder(actor, parentId, name);
    const sub = await fs.createFolder(actor, top.node.id, "sub");
    for (let i = 0; i < files; i++) {
      const file = await putFile(h.services, actor, i % 2 ? sub.node.id : top.node.id, `f${i}.txt`, `file ${i} of ${name}`);
      // Indexed, as the job does soon after upload: the copy then takes the text along in its own statements.
      if (opts.indexed) await h.services.search.indexFile(file.id);
    }
    return top.node;
  }

  it("costs a fixed number of statements per level, not per file, and copies sizes, versions and quota exactly", async () => {
    const { user, actor, rootId, spaceId } = await makeUser(h.services);
    const small = await tree(actor, rootId, "small", 10);
    const big = await tree(actor, rootId, "big", 50);
    const tagged = (await h.services.files.list(actor, big.id)).items.find((e) => !e.node.isFolder)!.node;
    await h.services.properties.patch(actor, tagged.id, [{ op: "set", namespace: "urn:x", name: "colour", value: "<x:colour xmlns:x=\"urn:x\">red</x:colour>" }]);
    const dest = await h.services.files.createFolder(actor, rootId, "dest");
    await h.services.files.copy(actor, [small.id], dest.node.id); // warm-up: statement caches

    const used = async () => (await h.services.uow.repos.spaces.findById(spaceId))!.usedBytes;
    const before = await used();
    const smallRun = await counter.measure(async () => void (await h.services.files.copy(actor, [small.id], dest.node.id)));
    const bigRun = await counter.measure(async () => void (await h.services.files.copy(actor, [big.id], dest.node.id)));
    const perFile = (bigRun.count - smallRun.count) / 40;
    console.log(`${provider}: copy of 10 files ${smallRun.count} statements, of 50 files ${bigRun.count}: ${perFile.toFixed(2)} per extra file (user ${user.username})`);
    expect(perFile).toBeLessThan(0.5);
    expect(bigRun.count).toBeLessThan(60);

    // Exact: the copy's folder sizes, fresh ETags, one version per file on the same blob, contents, the property.
    const copy = (await h.services.files.list(actor, dest.node.id)).items.find((e) => e.node.name === "big")!.node;
    expect(copy.size).toBe((await h.services.files.get(actor, big.id)).node.size);
    expect(copy.etag).not.toBe((await h.services.files.get(actor, big.id)).node.etag);
    const copySub = (await h.services.files.list(actor, copy.id)).items.find((e) => e.node.name === "sub")!.node;
    const subFiles = (await h.services.files.list(actor, copySub.id)).items;
    expect(subFiles).toHaveLength(25);
    expect(copySub.size).toBe(subFiles.reduce((sum, e) => sum + e.node.size, 0));
    expect(copySub.path).toBe(`${copy.path}${copySub.id}/`);
    expect(subFiles[0]!.node.path).toBe(`${copySub.path}${subFiles[0]!.node.id}/`);
    const one = subFiles.find((e) => e.node.name === "f1.txt")!.node;
    expect((await readAll(await (await h.services.downloads.openFile(actor, one.id)).open())).toString()).toBe("file 1 of big");
    expect((await h.services.versions.versions(actor, one.id)).versions).toHaveLength(1);
    const copiedTagged = (await h.services.files.list(actor, copy.id)).items.find((e) => e.node.name === tagged.name)!;
    expect((await h.services.properties.propertiesOf([copiedTagged])).get(copiedTagged.node.id)).toEqual([expect.objectContaining({ name: "colour", value: expect.stringContaining("red") })]);
    // Quota charged with the copies' bytes; reference counts, space usage and folder sizes as fsck recomputes them.
    expect((await used()) - before).toBe((await h.services.files.get(actor, small.id)).node.size + copy.size);
    const report = await h.services.consistency.check(null, { repair: false });
    expect({ refCounts: report.refCounts.count, spaceUsage: report.spaceUsage.count, folderSizes: report.folderSizes.count }).toEqual({ refCounts: 0, spaceUsage: 0, folderSizes: 0 });
  });

  it("a copy of files not indexed yet queues their search.index jobs in one statement, one job per copied file", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const fresh = await tree(actor, rootId, "fresh", 30, { indexed: false });
    const dest = await h.services.files.createFolder(actor, rootId, "dest");
    const run = await counter.measure(async () => void (await h.services.files.copy(actor, [fresh.id], dest.node.id)));
    expect(run.log.filter((sql) => /INSERT INTO "Job"/.test(sql))).toHaveLength(1);
    const copy = (await h.services.files.list(actor, dest.node.id)).items[0]!.node;
    const copied = (await h.services.uow.repos.nodes.subtree(copy.path, { liveOnly: true })).filter((n) => !n.isFolder);
    expect(copied).toHaveLength(30);
    const keys = await Promise.all(copied.map((n) => h.services.uow.repos.jobs.findByUniqueKey(`search.index:${n.id}`)));
    expect(keys.map((j) => j && { type: j.type, status: j.status, payload: j.payload, maxAttempts: j.maxAttempts })).toEqual(
      copied.map((n) => ({ type: "search.index", status: "queued", payload: { nodeId: n.id }, maxAttempts: 3 })),
    );
  });

  it("a copy bigger than one batch is built level by level across batches and comes out whole", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const big = await tree(actor, rootId, "huge", 160);
    const dest = await h.services.files.createFolder(actor, rootId, "dest");
    const [copy] = await h.services.files.copy(actor, [big.id], dest.node.id);
    expect(copy!.node.size).toBe((await h.services.files.get(actor, big.id)).node.size);
    const top = (await h.services.files.list(actor, copy!.node.id, { limit: 500 })).items;
    const sub = top.find((e) => e.node.name === "sub")!.node;
    expect(top).toHaveLength(81);
    expect((await h.services.files.list(actor, sub.id, { limit: 500 })).items).toHaveLength(80);
    const report = await h.services.consistency.check(null, { repair: false });
    expect({ refCounts: report.refCounts.count, spaceUsage: report.spaceUsage.count, folderSizes: report.folderSizes.count }).toEqual({ refCounts: 0, spaceUsage: 0, folderSizes: 0 });
  });
});
