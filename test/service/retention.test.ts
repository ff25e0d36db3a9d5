import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "@/lib/container";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { JobWorker } from "@/lib/jobs/worker";
import type { JobType } from "@/lib/services/job.queue";
import { codeOf } from "../helpers/errors";
import { makeUser, putFile } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeTeam } from "../helpers/teams";

const PROVIDERS = await providers();
const DAY = 24 * 60 * 60 * 1000;

/** Versions of a file, oldest first by content: "v1", "v2", … (each 2 bytes), a day apart. */
async function fileWithVersions(services: Services, clock: TestClock, actor: Awaited<ReturnType<typeof makeUser>>["actor"], parentId: number, name: string, count: number) {
  let node = null;
  for (let i = 1; i <= count; i++) {
    node = await putFile(services, actor, parentId, name, `v${i}`, { onConflict: "replace" });
    clock.advance(DAY);
  }
  return node!;
}

describe.each(PROVIDERS)("trash and version retention on %s", (provider) => {
  let h: TestHarness;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  const clock = new TestClock(new Date("2026-03-01T00:00:00Z"));
  let worker: JobWorker;

  /** Runs one job of `type` through the real handlers (as the worker would when it falls due). */
  async function runJob(type: JobType): Promise<void> {
    await h.services.jobs.enqueue(type, {});
    expect(await worker.runDue()).toBeGreaterThan(0);
    const [failed] = await h.services.uow.repos.jobs.list({ type, status: "failed" });
    expect(failed?.lastError ?? null).toBeNull();
  }
  const blobRefs = async (blobIds: number[]) => Promise.all(blobIds.map(async (id) => (await h.services.uow.repos.blobs.findById(id))?.refCount ?? null));

  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    admin = await makeUser(h.services, { role: "admin" });
    worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
  });
  afterAll(async () => h?.close());

  it("deletes one old version: needs the delete right, never the current one, frees quota and releases the blob", async () => {
    const owner = await makeUser(h.services);
    const viewer = await makeUser(h.services);
    const team = await makeTeam(h.services, owner.user.id, { members: [{ userId: viewer.user.id, role: "viewer" }] });
    const file = await fileWithVersions(h.services, clock, owner.actor, team.rootId, "doc.txt", 3);
    const { versions, currentId } = await h.services.versions.versions(owner.actor, file.id);
    const oldest = versions.at(-1)!;
    const other = await putFile(h.services, owner.actor, team.rootId, "other.txt", "x");
    const usedBefore = (await h.services.uow.repos.spaces.findById(team.spaceId))!.usedBytes;

    expect(await codeOf(h.services.versions.deleteVersion(viewer.actor, file.id, oldest.id))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.versions.deleteVersion(owner.actor, file.id, currentId!))).toBe("CONFLICT");
    expect(await codeOf(h.services.versions.deleteVersion(owner.actor, other.id, oldest.id))).toBe("NOT_FOUND");

    await h.services.versions.deleteVersion(owner.actor, file.id, oldest.id);
    expect((await h.services.versions.versions(owner.actor, file.id)).versions.map((v) => v.id)).toEqual(versions.slice(0, 2).map((v) => v.id));
    expect((await h.services.uow.repos.spaces.findById(team.spaceId))!.usedBytes).toBe(usedBefore - oldest.size);
    expect(await blobRefs([oldest.blobId])).toEqual([0]);
  });

  it("the daily job applies the count, the age and the newest N kept, and gives the quota back", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const many = await fileWithVersions(h.services, clock, actor, rootId, "many.txt", 8);
    const few = await fileWithVersions(h.services, clock, actor, rootId, "few.txt", 2);
    // Nothing is pruned while both limits are off (the default).
    await runJob("versions.retention");
    expect((await h.services.versions.versions(actor, many.id)).versions).toHaveLength(8);

    await h.services.settings.setSite(admin.actor, { versionRetention: { maxVersions: 5, maxAgeDays: null } });
    expect((await h.services.settings.versionRetention()).keepNewest).toBe(3);
    const before = (await h.services.versions.versions(actor, many.id)).versions;
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    await runJob("versions.retention");
    const kept = (await h.services.versions.versions(actor, many.id)).versions;
    expect(kept.map((v) => v.id)).toEqual(before.slice(0, 5).map((v) => v.id));
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore - 3 * 2);
    expect(await blobRefs(before.slice(5).map((v) => v.blobId))).toEqual([0, 0, 0]);
    expect((await h.services.versions.versions(actor, few.id)).versions).toHaveLength(2);

    // Age: every version of "many" is older than 1 day now, but the newest 3 always stay.
    clock.advance(2 * DAY);
    await h.services.settings.setSite(admin.actor, { versionRetention: { maxVersions: null, maxAgeDays: 1 } });
    await runJob("versions.retention");
    expect((await h.services.versions.versions(actor, many.id)).versions.map((v) => v.id)).toEqual(before.slice(0, 3).map((v) => v.id));
    await h.services.settings.setSite(admin.actor, { versionRetention: { keepNewest: 1 } });
    await runJob("versions.retention");
    const last = await h.services.versions.versions(actor, many.id);
    expect(last.versions.map((v) => v.id)).toEqual([last.currentId]);
    expect(await codeOf(h.services.settings.setSite(admin.actor, { versionRetention: { keepNewest: 0 } }))).toBe("INVALID_INPUT");
    await h.services.settings.setSite(admin.actor, { versionRetention: { maxVersions: null, maxAgeDays: null, keepNewest: 3 } });
  });

  it("the trash job purges entries older than the retention setting, and only those", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const old = await putFile(h.services, actor, rootId, "old.txt", "old!");
    await h.services.trash.trash(actor, [old.id]);
    clock.advance(6 * DAY);
    const recent = await putFile(h.services, actor, rootId, "recent.txt", "new");
    await h.services.trash.trash(actor, [recent.id]);
    clock.advance(2 * DAY);
    const ids = async () => (await h.services.trash.listTrash(actor)).map((e) => e.node.id);

    // Default 30 days: both stay.
    await runJob("trash.purge");
    expect((await ids()).sort()).toEqual([old.id, recent.id].sort());
    // 7 days: the 8-day-old entry goes, the 2-day-old one stays; the quota drops by its bytes.
    await h.services.settings.setSite(admin.actor, { trashRetentionDays: 7 });
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    await runJob("trash.purge");
    expect(await ids()).toEqual([recent.id]);
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore - 4);
    await h.services.settings.setSite(admin.actor, { trashRetentionDays: 30 });
  });

  it("restores many entries in one call, into a chosen folder when their own is gone; deletes single entries for good", async () => {
    const { actor, rootId, user } = await makeUser(h.services);
    const stranger = await makeUser(h.services);
    const gone = await h.services.files.createFolder(actor, rootId, "gone");
    const a = await putFile(h.services, actor, gone.node.id, "a.txt", "aa");
    const b = await putFile(h.services, actor, gone.node.id, "b.txt", "bb");
    const c = await putFile(h.services, actor, rootId, "c.txt", "cc");
    await h.services.trash.trash(actor, [a.id, b.id, c.id]);
    await h.services.trash.trash(actor, [gone.node.id]);
    await h.services.trash.purge(actor, [gone.node.id]);
    const listed = new Map((await h.services.trash.listTrash(actor)).map((e) => [e.node.id, e]));
    expect(listed.get(a.id)?.originalExists).toBe(false);
    expect(listed.get(c.id)?.originalExists).toBe(true);

    const chosen = await h.services.files.createFolder(actor, rootId, "chosen");
    // Another user's folder, or a target outside the entries' space, is refused and nothing is restored.
    expect(await codeOf(h.services.trash.restore(actor, [a.id, b.id], { targetId: stranger.rootId }))).toBe("NOT_FOUND");
    const restored = await h.services.trash.restore(actor, [a.id, b.id], { targetId: chosen.node.id });
    expect(restored.map((e) => [e.node.name, e.node.parentId])).toEqual([["a.txt", chosen.node.id], ["b.txt", chosen.node.id]]);
    expect((await h.services.files.get(actor, chosen.node.id)).node.size).toBe(4);

    // Delete one entry for good: its quota goes, others stay; a stranger cannot.
    const usedBefore = (await h.services.spaces.usage(user.id)).used;
    expect(await codeOf(h.services.trash.purge(stranger.actor, [c.id]))).toBe("NOT_FOUND");
    expect(await h.services.trash.purge(actor, [c.id])).toBe(1);
    expect(await h.services.trash.listTrash(actor)).toEqual([]);
    expect((await h.services.spaces.usage(user.id)).used).toBe(usedBefore - 2);
  });

  it("the registration job removes sign-ups never verified within the link's lifetime, and nothing else", async () => {
    const repos = h.services.uow.repos;
    const signUp = async (name: string) => {
      const user = await h.services.users.create(null, { username: name, password: "a long enough phrase", email: `${name}@example.com`, disabled: true });
      await repos.emailVerifications.create({ tokenHash: `hash-${name}-${provider}`, userId: user.id, expiresAt: new Date(clock.now().getTime() + DAY) });
      return user;
    };
    const stale = await signUp(`stale-${provider}`);
    const verified = await signUp(`verified-${provider}`);
    await repos.emailVerifications.claim((await repos.emailVerifications.findByHash(`hash-verified-${provider}-${provider}`))!.id, clock.now());
    const disabledByAdmin = await makeUser(h.services);
    await h.services.users.update(admin.actor, disabledByAdmin.user.id, { disabled: true });
    clock.advance(DAY / 2);
    const fresh = await signUp(`fresh-${provider}`);
    clock.advance(DAY / 2 + 1000);

    await runJob("registrations.expire");
    expect(await repos.users.findById(stale.id)).toBeNull();
    expect(await repos.spaces.findPersonal(stale.id)).toBeNull();
    for (const kept of [verified.id, fresh.id, disabledByAdmin.user.id]) expect(await repos.users.findById(kept)).not.toBeNull();
    // The username is free again.
    await signUp(`stale-${provider}x`);
    expect(await h.services.users.create(null, { username: `stale-${provider}`, password: "a long enough phrase" })).toMatchObject({ username: `stale-${provider}` });
  });
});
