import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import type { PolicyRecord } from "@/lib/domain/types";
import type { StorageDriver } from "@/lib/storage/driver";
import { MOVED_BLOB_GRACE_MS } from "@/lib/services/policy-migration.service";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { runMigration } from "../helpers/migration";
import { makeTeam } from "../helpers/teams";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.each(PROVIDERS)("policy migration on %s (local → local)", (provider) => {
  let h: TestHarness;
  let worker: JobWorker;
  let target: PolicyRecord;
  let counter = 0;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await h.services.spaces.defaultPolicy();
  });
  afterAll(async () => h?.close());

  /** A second local policy with its own root. */
  async function newTarget(): Promise<PolicyRecord> {
    const name = `second-${++counter}`;
    return h.services.uow.repos.spaces.createPolicy({ name, kind: "local", config: { root: path.join(h.dataDir, name) }, isDefault: false });
  }
  const driverOf = (policy: PolicyRecord): StorageDriver => h.services.storage.driverFor(policy);
  const local = async () => driverOf(await h.services.spaces.defaultPolicy());

  /** Every version of the space with its blob. */
  async function blobsOfSpace(rootId: number) {
    const files = (await h.services.uow.repos.nodes.subtree(`/${rootId}/`)).filter((n) => !n.isFolder);
    const versions = (await Promise.all(files.map((f) => h.services.uow.repos.blobs.versionsOf(f.id)))).flat();
    return Promise.all(versions.map(async (v) => ({ version: v, blob: (await h.services.uow.repos.blobs.findById(v.blobId))! })));
  }

  it("dry run counts, the real run copies, verifies and switches every blob; reads keep working; old bytes go after the grace period", async () => {
    target = await newTarget();
    const { user, actor, rootId, spaceId } = await makeUser(h.services);
    const contents = new Map<number, Buffer>();
    for (let i = 0; i < 12; i++) {
      const data = randomBytes(1000 + i * 500);
      contents.set((await putFile(h.services, actor, rootId, `f${i}.bin`, data)).id, data);
    }
    const first = [...contents.keys()][0]!;
    // a second version, a copy in the same space (shares the blob), a trashed file, a copy into a team (shared blob)
    await putFile(h.services, actor, rootId, "f0.bin", Buffer.from("second version"), { onConflict: "replace" });
    contents.set(first, Buffer.from("second version"));
    const [copy] = await h.services.files.copy(actor, [first], rootId);
    contents.set(copy!.node.id, Buffer.from("second version"));
    const doomed = await putFile(h.services, actor, rootId, "trashed.txt", "in the trash");
    await h.services.trash.trash(actor, [doomed.id]);
    const team = await makeTeam(h.services, user.id);
    const [inTeam] = await h.services.files.copy(actor, [[...contents.keys()][1]!], team.rootId);
    const before = await blobsOfSpace(rootId);
    const distinct = new Map(before.map((b) => [b.blob.id, b.blob]));
    const usageBefore = (await h.services.uow.repos.spaces.findById(spaceId))!.usedBytes;

    const plan = await h.services.policyMigrations.plan(null, { user: user.username }, target.name);
    expect(plan).toMatchObject({ spaceId, blobs: distinct.size, bytes: [...distinct.values()].reduce((s, b) => s + b.size, 0) });
    expect((await h.services.uow.repos.spaces.findById(spaceId))!.policyId).not.toBe(target.id);

    // a reader resolves the old location before the switch and reads after it
    const midSwitch = await h.services.downloads.openFile(actor, first);
    const started = await h.services.policyMigrations.start(null, { user: user.username }, target.name);
    expect(started.plannedBlobs).toBe(distinct.size);
    expect((await h.services.uow.repos.spaces.findById(spaceId))!.policyId).toBe(target.id);
    const fresh = await putFile(h.services, actor, rootId, "after-switch.txt", "written during the move");
    expect((await blobsOfSpace(rootId)).find((b) => b.version.nodeId === fresh.id)!.blob.policyId).toBe(target.id);

    const done = await runMigration(h.services, worker, clock, started.id);
    expect(done.migration).toMatchObject({ status: "done", copiedBlobs: distinct.size, reusedBlobs: 0, failures: [] });
    expect(done.migration.copiedBytes).toBe(plan.bytes);
    expect(done.migration.versionsMoved).toBe(before.length);
    expect(done.remaining.blobs).toBe(0);
    const job = await h.services.uow.repos.jobs.findByUniqueKey(`policy.migrate:${started.id}`);
    expect(job).toMatchObject({ status: "done", progress: 1 });

    const after = await blobsOfSpace(rootId);
    expect(after.every((b) => b.blob.policyId === target.id)).toBe(true);
    for (const b of after) expect(sha(await readAll(await driverOf(target).get(b.blob.key)))).toBe(b.version.sha256);
    for (const [id, data] of contents) expect(await readAll(await (await h.services.downloads.openFile(actor, id)).open())).toEqual(data);
    expect((await h.services.uow.repos.spaces.findById(spaceId))!.usedBytes).toBe(usageBefore + "written during the move".length);
    // the team's copy keeps the old blob; the user's versions got their own copy
    const teamVersion = (await h.services.uow.repos.blobs.versionsOf(inTeam!.node.id))[0]!;
    const teamBlob = (await h.services.uow.repos.blobs.findById(teamVersion.blobId))!;
    expect(teamBlob.policyId).not.toBe(target.id);
    expect(teamBlob.refCount).toBe(1);

    // the reader that resolved the old location still reads, even after the cleanup job ran within the grace period
    await h.services.jobs.enqueue("blobs.collect", {});
    await worker.runDue();
    expect(await readAll(await midSwitch.open())).toEqual(contents.get(first));
    const oldKeys = [...distinct.values()].filter((b) => b.id !== teamBlob.id).map((b) => b.key);
    for (const key of oldKeys) expect(await (await local()).stat(key)).not.toBeNull();
    clock.advance(MOVED_BLOB_GRACE_MS + 1000);
    await h.services.jobs.enqueue("blobs.collect", {});
    await worker.runDue();
    for (const key of oldKeys) expect(await (await local()).stat(key)).toBeNull();
    expect(await (await local()).stat(teamBlob.key)).not.toBeNull();
    expect(await readAll(await (await h.services.downloads.openFile(actor, inTeam!.node.id)).open())).toEqual(contents.get([...contents.keys()][1]!));

    // nothing left: a second run moves nothing; a dry run says so
    expect((await h.services.policyMigrations.plan(null, { user: user.username }, target.name)).blobs).toBe(0);
  });

  it("keeps serving reads while the move runs", async () => {
    const to = await newTarget();
    const { actor, rootId } = await makeUser(h.services);
    const team = await makeTeam(h.services, actor.userId);
    const contents = new Map<number, Buffer>();
    for (let i = 0; i < 40; i++) {
      const data = randomBytes(2000 + i);
      contents.set((await putFile(h.services, actor, team.rootId, `r${i}.bin`, data)).id, data);
    }
    void rootId;
    const started = await h.services.policyMigrations.start(null, { team: team.name }, to.name);
    let reads = 0;
    let moving = true;
    const readers = (async () => {
      while (moving) {
        for (const [id, data] of contents) {
          expect(await readAll(await (await h.services.downloads.openFile(actor, id)).open())).toEqual(data);
          reads++;
        }
      }
    })();
    const done = await runMigration(h.services, worker, clock, started.id).finally(() => (moving = false));
    await readers;
    expect(done.migration).toMatchObject({ status: "done", copiedBlobs: 40, failures: [] });
    expect(reads).toBeGreaterThanOrEqual(40);
  });

  it("resumes after the job stops midway, without copying anything twice or leaving copies behind", async () => {
    const to = await newTarget();
    const { user, actor, rootId } = await makeUser(h.services);
    for (let i = 0; i < 60; i++) await putFile(h.services, actor, rootId, `x${i}.bin`, randomBytes(500 + i));
    const registry = h.services.storage;
    const driverFor = registry.driverFor.bind(registry);
    let puts = 0;
    registry.driverFor = (p) => {
      const d = driverFor(p);
      if (p.id !== to.id) return d;
      return Object.assign(Object.create(d) as StorageDriver, {
        put: (...args: Parameters<StorageDriver["put"]>) => (++puts === 55 ? Promise.reject(new Error("target unreachable")) : d.put(...args)),
      });
    };
    try {
      const started = await h.services.policyMigrations.start(null, { user: user.username }, to.name);
      await worker.runDue();
      const stopped = await h.services.policyMigrations.status(null, started.id);
      expect(stopped.migration.status).toBe("running");
      expect(stopped.job).toMatchObject({ status: "queued", lastError: "target unreachable" });
      // the first group of copies was switched; the copies of the group that failed were deleted again
      expect(stopped.migration.copiedBlobs).toBe(50);
      let stored = 0;
      for await (const _ of driverFor(to).list()) stored++;
      expect(stored).toBe(50);
      const done = await runMigration(h.services, worker, clock, started.id);
      expect(done.migration).toMatchObject({ status: "done", copiedBlobs: 60, versionsMoved: 60, failures: [] });
      stored = 0;
      for await (const _ of driverFor(to).list()) stored++;
      expect(stored).toBe(60);
    } finally {
      registry.driverFor = driverFor;
    }
  });

  it("reuses a blob the target already holds and lists blobs it cannot move", async () => {
    const to = await newTarget();
    const { user, actor, rootId, spaceId } = await makeUser(h.services);
    const kept = await putFile(h.services, actor, rootId, "kept.txt", "same content");
    const lost = await putFile(h.services, actor, rootId, "lost.txt", "bytes that vanish");
    // the target holds "same content" already (another space moved there earlier)
    const other = await makeUser(h.services);
    await putFile(h.services, other.actor, other.rootId, "same.txt", "same content");
    const first = await h.services.policyMigrations.start(null, { user: other.user.username }, to.name);
    await runMigration(h.services, worker, clock, first.id);
    const lostBlob = (await blobsOfSpace(rootId)).find((b) => b.version.nodeId === lost.id)!.blob;
    await (await local()).delete(lostBlob.key);

    const started = await h.services.policyMigrations.start(null, { user: user.username }, to.name);
    const done = await runMigration(h.services, worker, clock, started.id);
    expect(done.migration).toMatchObject({ status: "done", copiedBlobs: 0, reusedBlobs: 1 });
    expect(done.migration.failures).toEqual([{ blobId: lostBlob.id, key: lostBlob.key, reason: "the bytes are missing from the source" }]);
    expect(done.remaining.blobs).toBe(1);
    const keptBlob = (await blobsOfSpace(rootId)).find((b) => b.version.nodeId === kept.id)!.blob;
    expect(keptBlob.policyId).toBe(to.id);
    expect(keptBlob.refCount).toBe(2);
    expect((await h.services.uow.repos.spaces.findById(spaceId))!.policyId).toBe(to.id);
  });

  it("refuses unknown users, teams and policies, and a second migration of a space while one runs", async () => {
    const to = await newTarget();
    const { user, actor } = await makeUser(h.services);
    expect(await codeOf(h.services.policyMigrations.plan(null, { user: "nobody-here" }, to.name))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.policyMigrations.plan(null, { team: "no-such-team" }, to.name))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.policyMigrations.start(null, { user: user.username }, "no-such-policy"))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.policyMigrations.start(actor, { user: user.username }, to.name))).toBe("FORBIDDEN");
    await h.services.policyMigrations.start(null, { user: user.username }, to.name);
    expect(await codeOf(h.services.policyMigrations.start(null, { user: user.username }, to.name))).toBe("CONFLICT");
    await worker.runDue();
  });
});
