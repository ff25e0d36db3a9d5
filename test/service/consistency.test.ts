import { mkdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { ORPHAN_GRACE_MS, type ConsistencyReport } from "@/lib/services/consistency.service";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("consistency check (fsck) on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  const fsck = (repair: boolean) => h.services.consistency.check(null, { repair });
  const counts = (r: ConsistencyReport) => ({
    orphanObjects: r.orphanObjects.count,
    missingBytes: r.missingBytes.count,
    sizeMismatches: r.sizeMismatches.count,
    refCounts: r.refCounts.count,
    spaceUsage: r.spaceUsage.count,
    folderSizes: r.folderSizes.count,
    reservations: r.reservations.count,
    stagingOrphans: r.stagingOrphans.count,
  });
  const none = { orphanObjects: 0, missingBytes: 0, sizeMismatches: 0, refCounts: 0, spaceUsage: 0, folderSizes: 0, reservations: 0, stagingOrphans: 0 };

  it("finds each kind of planted damage, repairs what is safe and lists the rest", async () => {
    const { actor, rootId, spaceId } = await makeUser(h.services);
    const repos = h.services.uow.repos;
    const policy = await h.services.spaces.defaultPolicy();
    const driver = h.services.storage.driverFor(policy);
    const { node: folder } = await h.services.files.createFolder(actor, rootId, "Photos");
    const inFolder = await putFile(h.services, actor, folder.id, "a.jpg", "a photo");
    const lost = await putFile(h.services, actor, rootId, "lost.txt", "these bytes will vanish");
    await putFile(h.services, actor, rootId, "fine.txt", "untouched");
    // an upload in progress: its reservation and staging file are right
    await h.services.uploads.begin(actor, "live-upload", { parentId: rootId, name: "big.bin", size: 4096 });
    await mkdir(h.services.uploadStaging.dir, { recursive: true });
    await writeFile(path.join(h.services.uploadStaging.dir, "live-upload"), "partial");
    expect(counts(await fsck(false))).toEqual(none);

    // the damage
    const orphanKey = driver.newKey();
    await driver.put(orphanKey, Readable.from([Buffer.from("nobody names me")]));
    const youngKey = driver.newKey();
    await driver.put(youngKey, Readable.from([Buffer.from("just written")]));
    const lostVersion = (await repos.blobs.versionsOf(lost.id))[0]!;
    const lostBlob = (await repos.blobs.findById(lostVersion.blobId))!;
    await driver.delete(lostBlob.key);
    const photoBlobId = (await repos.blobs.versionsOf(inFolder.id))[0]!.blobId;
    await repos.blobs.addRef(photoBlobId, 4);
    await repos.spaces.addUsed(spaceId, 777);
    await repos.nodes.bumpAncestors([folder.id], "etag-x", 100);
    await repos.spaces.tryReserve(spaceId, 5000);
    await writeFile(path.join(h.services.uploadStaging.dir, "gone-upload"), "left behind");
    await writeFile(path.join(h.services.uploadStaging.dir, "gone-upload.json"), "{}");
    clock.advance(ORPHAN_GRACE_MS + 60_000);
    const young = new Date(clock.now().getTime() - 1000);
    await utimes(driver.localPath(youngKey), young, young);

    const found = await fsck(false);
    expect(counts(found)).toEqual({ ...none, orphanObjects: 2, missingBytes: 1, refCounts: 1, spaceUsage: 1, folderSizes: 1, reservations: 1, stagingOrphans: 1 });
    expect(found.orphanObjects.items.map((o) => [o.key, o.deleted]).sort()).toEqual([[orphanKey, false], [youngKey, false]].sort());
    expect(found.missingBytes.items).toEqual([{ blobId: lostBlob.id, policy: policy.name, key: lostBlob.key, size: lostBlob.size, files: [{ spaceId, nodeId: lost.id, name: "lost.txt" }] }]);
    expect(found.refCounts.items).toEqual([{ id: photoBlobId, recorded: 5, actual: 1 }]);
    const usage = (await repos.spaces.findById(spaceId))!;
    expect(found.spaceUsage.items).toEqual([{ id: spaceId, recorded: usage.usedBytes, actual: usage.usedBytes - 777 }]);
    expect(found.folderSizes.items).toEqual([{ id: folder.id, spaceId, recorded: 107, actual: 7 }]);
    expect(found.reservations.items).toEqual([{ id: spaceId, recorded: 4096 + 5000, actual: 4096 }]);
    expect(found.stagingOrphans.items).toMatchObject([{ uploadId: "gone-upload", deleted: false }]);
    expect(found.unresolved).toBe(8);
    // a check without --repair changed nothing
    expect(counts(await fsck(false))).toEqual(counts(found));

    const repaired = await fsck(true);
    expect(repaired.orphanObjects.items.map((o) => [o.key, o.deleted]).sort()).toEqual([[orphanKey, true], [youngKey, false]].sort());
    expect(repaired.stagingOrphans.items).toMatchObject([{ uploadId: "gone-upload", deleted: true }]);
    expect(repaired.unresolved).toBe(2);
    expect(await driver.stat(orphanKey)).toBeNull();
    expect(await driver.stat(youngKey)).not.toBeNull();
    expect((await h.services.uploadStaging.list()).map((s) => s.uploadId)).toEqual(["live-upload"]);
    expect((await repos.blobs.findById(photoBlobId))!.refCount).toBe(1);
    expect((await repos.spaces.findById(spaceId))!).toMatchObject({ usedBytes: usage.usedBytes - 777, reservedBytes: 4096 });
    expect((await repos.nodes.findById(folder.id))!.size).toBe(7);
    // the row whose bytes are gone stays, with its file: only listed
    expect(await repos.blobs.findById(lostBlob.id)).not.toBeNull();
    expect(await repos.nodes.findById(lost.id)).not.toBeNull();

    const after = await fsck(false);
    expect(counts(after)).toEqual({ ...none, orphanObjects: 1, missingBytes: 1 });
    // clean up for the next test: the file whose bytes are gone, the young orphan
    await h.services.trash.trash(actor, [lost.id]);
    await h.services.trash.emptyTrash(actor);
    await h.services.blobs.collectUnreferenced();
    await driver.delete(youngKey);
    await h.services.uploads.cancel("live-upload");
    await h.services.uploadStaging.remove("live-upload");
  });

  it("never takes another policy's blobs for orphans when two policies share one store", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const file = await putFile(h.services, actor, rootId, "shared-store.txt", "kept");
    await h.services.uow.repos.spaces.createPolicy({ name: "same-root", kind: "local", config: { root: path.join(h.dataDir, "blobs") }, isDefault: false });
    clock.advance(ORPHAN_GRACE_MS + 60_000);
    const report = await fsck(true);
    expect(report.orphanObjects.count).toBe(0);
    expect(report.policies.find((p) => p.name === "same-root")).toMatchObject({ rows: 0 });
    expect((await readAll(await (await h.services.downloads.openFile(actor, file.id)).open())).toString()).toBe("kept");
  });

  it("runs as a background job and keeps its report", async () => {
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    const { spaceId } = await makeUser(h.services);
    await h.services.uow.repos.spaces.addUsed(spaceId, 10);
    const runId = await h.services.consistency.startRun(null, { repair: true });
    await worker.runDue();
    const run = await h.services.consistency.findRun(null, runId);
    expect(run).toMatchObject({ status: "done", repair: true });
    const report = run.report as ConsistencyReport;
    expect(report.spaceUsage.items).toEqual([{ id: spaceId, recorded: 10, actual: 0 }]);
    expect(report.unresolved).toBe(0);
    expect((await h.services.uow.repos.spaces.findById(spaceId))!.usedBytes).toBe(0);
  });
});
