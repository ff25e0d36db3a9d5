import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { utcDay } from "@/lib/domain/day";
import { renderLogo } from "@/lib/media/logo";
import sharp from "sharp";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";

const PROVIDERS = await providers();
const DAY = 86_400_000;

describe.each(PROVIDERS)("admin dashboard on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date("2026-03-10T12:00:00Z"));
  let admin: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    admin = await makeUser(h.services, { role: "admin", username: "root_admin" });
  });
  afterAll(async () => h?.close());

  it("counts uploads where they commit and downloads where bytes are served, per day", async () => {
    const { actor, rootId } = await makeUser(h.services);
    const before = await h.services.adminStats.today();
    const file = await putFile(h.services, actor, rootId, "a.txt", "hello");
    await putFile(h.services, actor, rootId, "a.txt", "hello, again", { onConflict: "replace" });
    const content = await h.services.downloads.openFile(actor, file.id);
    expect((await readAll(await content.open())).toString()).toBe("hello, again");
    await content.writeTo(new PassThrough().resume(), { start: 3, end: 5 }); // a ranged read: bytes, no new download
    const today = await h.services.adminStats.today();
    expect(today.uploads - before.uploads).toBe(2);
    expect(today.uploadBytes - before.uploadBytes).toBe(5 + 12);
    expect(today.downloads - before.downloads).toBe(1);
    expect(today.downloadBytes - before.downloadBytes).toBe(12 + 3);
    await h.services.downloads.openFile(actor, file.id); // opened (HEAD) but nothing sent: not counted
    expect((await h.services.adminStats.today()).downloads).toBe(today.downloads);

    const overview = await h.services.adminStats.overview(admin.actor);
    expect(overview.days).toHaveLength(30);
    expect(overview.days.at(-1)).toMatchObject({ day: utcDay(clock.now()), uploads: today.uploads, downloads: today.downloads });
    expect(overview.days[0]!.day).toBe(utcDay(new Date(clock.now().getTime() - 29 * DAY)));
    expect(overview.files).toBeGreaterThanOrEqual(1);
    expect(overview.users.total).toBeGreaterThanOrEqual(2);
    expect(overview.users.admins).toBeGreaterThanOrEqual(1);
    expect(overview.policies[0]!.bytes).toBeGreaterThanOrEqual(12);
    expect(overview.health.database).toBe("ok");
    await expect(h.services.adminStats.overview(actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("pages and searches users in the database, any case, on username, display name and email", async () => {
    const tag = `pg${Math.random().toString(36).slice(2, 6)}`;
    for (let i = 0; i < 7; i++) {
      await h.services.users.create(null, { username: `${tag}_${i}`, password: "correct horse battery", displayName: i === 3 ? "Zoë ÜBER" : `Person ${i}`, email: i === 5 ? `Mixed.${tag}@Example.COM` : null });
    }
    const first = await h.services.adminUsers.page(admin.actor, { q: tag.toUpperCase(), offset: 0, limit: 3 });
    expect(first.total).toBe(7);
    expect(first.items.map((u) => u.username)).toEqual([`${tag}_6`, `${tag}_5`, `${tag}_4`]);
    const last = await h.services.adminUsers.page(admin.actor, { q: tag, offset: 6, limit: 3 });
    expect(last.items.map((u) => u.username)).toEqual([`${tag}_0`]);
    expect((await h.services.adminUsers.page(admin.actor, { q: `mixed.${tag}@example.com`, offset: 0, limit: 10 })).items.map((u) => u.username)).toEqual([`${tag}_5`]);
    expect((await h.services.adminUsers.page(admin.actor, { q: "zoë über", offset: 0, limit: 10 })).items.map((u) => u.username)).toEqual([`${tag}_3`]);
    // the display name changes, and the search follows it
    const renamed = first.items[1]!;
    await h.services.users.update(admin.actor, renamed.id, { displayName: "Quintessa" });
    expect((await h.services.adminUsers.page(admin.actor, { q: "QUINTESSA", offset: 0, limit: 10 })).items.map((u) => u.id)).toEqual([renamed.id]);
    // the share picker's search goes through the same columns
    expect((await h.services.uow.repos.users.search("quintessa", admin.user.id, 5)).map((u) => u.id)).toEqual([renamed.id]);
    expect((await h.services.uow.repos.users.search(`mixed.${tag}`, admin.user.id, 5, "exact")).length).toBe(0);
    expect((await h.services.uow.repos.users.search(`MIXED.${tag}@example.com`, admin.user.id, 5, "exact")).length).toBe(1);
  });

  it("sets and clears twoFactorRequired per user", async () => {
    const { user } = await makeUser(h.services);
    expect((await h.services.users.update(admin.actor, user.id, { twoFactorRequired: true })).twoFactorRequired).toBe(true);
    expect((await h.services.users.get(user.id))!.twoFactorRequired).toBe(true);
    expect((await h.services.users.update(admin.actor, user.id, { twoFactorRequired: false })).twoFactorRequired).toBe(false);
  });

  it("deletes an account and moves its files into 'From <username>' in the target's space", async () => {
    const gone = await makeUser(h.services);
    const heir = await makeUser(h.services);
    const folder = await h.services.files.createFolder(gone.actor, gone.rootId, "Projects");
    await putFile(h.services, gone.actor, folder.node.id, "plan.txt", "the plan");
    const trashed = await putFile(h.services, gone.actor, gone.rootId, "old.txt", "old!");
    await h.services.trash.trash(gone.actor, [trashed.id]);
    const { link } = await h.services.shareLinks.createLink(gone.actor, folder.node.id, {});
    await h.services.files.createFolder(heir.actor, heir.rootId, `From ${gone.user.username}`);
    const heirBefore = await h.services.spaces.personalSpace(heir.user.id);

    await h.services.adminUsers.remove(admin.actor, gone.user.id, { mode: "transfer", toUserId: heir.user.id });

    expect(await h.services.users.get(gone.user.id)).toBeNull();
    const top = await h.services.files.list(heir.actor, heir.rootId);
    const into = top.items.find((e) => e.node.name === `From ${gone.user.username} (1)`);
    expect(into).toBeDefined();
    expect(into!.node.size).toBe(8);
    const inside = await h.services.files.list(heir.actor, into!.node.id);
    expect(inside.items.map((e) => e.node.name)).toEqual(["Projects"]);
    const plan = (await h.services.files.list(heir.actor, inside.items[0]!.node.id)).items[0]!;
    expect((await readAll(await (await h.services.downloads.openFile(heir.actor, plan.node.id)).open())).toString()).toBe("the plan");
    const heirAfter = await h.services.spaces.personalSpace(heir.user.id);
    expect(heirAfter.usedBytes - heirBefore.usedBytes).toBe(8 + 4);
    expect((await h.services.trash.listTrash(heir.actor)).map((t) => t.node.name)).toContain("old.txt");
    // the deleted account's public link does not outlive it
    expect(await h.services.uow.repos.shares.findLinkById(link.id)).toBeNull();
  });

  it("refuses a transfer the target's quota cannot hold", async () => {
    const gone = await makeUser(h.services);
    const heir = await makeUser(h.services, { quota: 10 });
    await putFile(h.services, gone.actor, gone.rootId, "big.txt", "x".repeat(20));
    await expect(h.services.adminUsers.remove(admin.actor, gone.user.id, { mode: "transfer", toUserId: heir.user.id })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    expect(await h.services.users.get(gone.user.id)).not.toBeNull();
  });

  it("purges an account by job: disabled at once, files and account gone after the job", async () => {
    const gone = await makeUser(h.services);
    const file = await putFile(h.services, gone.actor, gone.rootId, "secret.txt", "secret");
    const blobsBefore = await h.services.uow.repos.blobs.findVersionWithLocation(file.currentVersionId!);
    await h.services.adminUsers.remove(admin.actor, gone.user.id, { mode: "purge" });
    expect((await h.services.users.get(gone.user.id))!.disabled).toBe(true);
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await worker.runDue();
    expect(await h.services.users.get(gone.user.id)).toBeNull();
    expect(await h.services.uow.repos.nodes.findById(file.id)).toBeNull();
    expect(await h.services.uow.repos.nodes.findById(gone.rootId)).toBeNull();
    expect(blobsBefore).not.toBeNull();
    expect(await h.services.uow.repos.blobs.findVersionWithLocation(file.currentVersionId!)).toBeNull();
  });

  it("retries a failed job from the admin's jobs list", async () => {
    await h.services.uow.repos.jobs.enqueue({ type: "test.broken", payload: {}, runAt: clock.now(), maxAttempts: 1 });
    const worker = new JobWorker(h.services.uow, clock).register("test.broken", async () => {
      throw new Error("disk on fire");
    });
    await worker.runDue();
    const [failed] = await h.services.adminJobs.list(admin.actor, "failed");
    expect(failed).toMatchObject({ type: "test.broken", lastError: "disk on fire" });
    const retried = await h.services.adminJobs.retry(admin.actor, failed!.id);
    expect(retried).toMatchObject({ status: "queued", attempts: 0 });
    await expect(h.services.adminJobs.retry(admin.actor, failed!.id)).rejects.toMatchObject({ code: "CONFLICT" });
    let ran = 0;
    await new JobWorker(h.services.uow, clock).register("test.broken", async () => void ran++).runDue();
    expect(ran).toBe(1);
    expect((await h.services.uow.repos.jobs.findById(failed!.id))!.status).toBe("done");
  });

  it("filters the audit log, pages it by keyset and exports it as CSV", async () => {
    const who = await makeUser(h.services, { username: `auditee_${provider}` });
    const base = clock.now();
    for (let i = 0; i < 5; i++) {
      await h.services.audit.record({ actorId: who.user.id, ip: "10.0.0.1", action: i % 2 ? "file.delete" : "file.share", targetType: "node", targetId: String(100 + i), details: { note: `he said "hi", ${i}` } });
      clock.advance(60_000);
    }
    const q = { actor: who.user.username };
    const page1 = await h.services.audit.search(admin.actor, q, null, 2);
    expect(page1.items.map((e) => e.targetId)).toEqual(["104", "103"]);
    const page2 = await h.services.audit.search(admin.actor, q, page1.nextCursor, 2);
    expect(page2.items.map((e) => e.targetId)).toEqual(["102", "101"]);
    const page3 = await h.services.audit.search(admin.actor, q, page2.nextCursor, 2);
    expect(page3).toMatchObject({ nextCursor: null });
    expect(page3.items.map((e) => e.targetId)).toEqual(["100"]);
    expect((await h.services.audit.search(admin.actor, { ...q, action: "file.delete" }, null)).items.map((e) => e.targetId)).toEqual(["103", "101"]);
    expect((await h.services.audit.search(admin.actor, { action: "file.", targetType: "node", targetId: "102" }, null)).items).toHaveLength(1);
    const window = { ...q, from: new Date(base.getTime() + 60_000), to: new Date(base.getTime() + 3 * 60_000) };
    expect((await h.services.audit.search(admin.actor, window, null)).items.map((e) => e.targetId)).toEqual(["102", "101"]);
    expect((await h.services.audit.search(admin.actor, { actor: "nobody-by-that-name" }, null)).items).toEqual([]);
    await expect(h.services.audit.search(who.actor, q, null)).rejects.toMatchObject({ code: "FORBIDDEN" });

    let csv = "";
    for await (const chunk of h.services.audit.csv(admin.actor, q)) csv += chunk;
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual(["id", "time", "actor", "ip", "action", "target type", "target id", "details"]);
    expect(rows).toHaveLength(6);
    expect(rows[1]!.slice(2, 7)).toEqual([who.user.username, "10.0.0.1", "file.share", "node", "104"]);
    expect(JSON.parse(rows[1]![7]!)).toEqual({ note: 'he said "hi", 4' });
  });

  it("deletes audit events past the retention setting in the daily job", async () => {
    await h.services.settings.setSite(admin.actor, { auditRetentionDays: 2 });
    await h.services.audit.record({ actorId: null, ip: null, action: "test.ancient" });
    clock.advance(3 * DAY);
    await h.services.audit.record({ actorId: null, ip: null, action: "test.recent" });
    await h.services.uow.repos.jobs.enqueue({ type: "audit.retention", payload: {}, runAt: clock.now() });
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await worker.runDue();
    expect((await h.services.audit.search(admin.actor, { action: "test.ancient" }, null)).items).toHaveLength(0);
    expect((await h.services.audit.search(admin.actor, { action: "test.recent" }, null)).items).toHaveLength(1);
  });

  it("keeps site settings with their defaults and refuses bad values", async () => {
    const site = await h.services.settings.site();
    expect(site).toMatchObject({ siteName: "Haven", registration: { enabled: false }, twoFactorPolicy: { required: false }, trashRetentionDays: 30 });
    const next = await h.services.settings.setSite(admin.actor, { siteName: "Acme Drive", registration: { enabled: true }, twoFactorPolicy: { required: true }, trashRetentionDays: 7, versionRetention: { maxVersions: 10, maxAgeDays: null } });
    expect(next).toMatchObject({ siteName: "Acme Drive", registration: { enabled: true }, twoFactorPolicy: { required: true }, trashRetentionDays: 7, versionRetention: { maxVersions: 10, maxAgeDays: null } });
    expect(await h.services.settings.trashRetentionDays()).toBe(7);
    await expect(h.services.settings.setSite(admin.actor, { trashRetentionDays: 0 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const { actor } = await makeUser(h.services);
    await expect(h.services.settings.setSite(actor, { siteName: "Mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("stores a logo resized to fit 256×256 as PNG, and removes it", async () => {
    const big = await sharp({ create: { width: 1000, height: 500, channels: 3, background: "#3355ff" } }).jpeg().toBuffer();
    const png = await renderLogo(big);
    await h.services.settings.setLogo(admin.actor, png);
    const stored = await h.services.settings.logo();
    const meta = await sharp(stored!.png).metadata();
    expect(meta).toMatchObject({ format: "png", width: 256, height: 128 });
    await expect(renderLogo(Buffer.from("not an image"))).rejects.toThrow();
    await h.services.settings.setLogo(admin.actor, null);
    expect(await h.services.settings.logo()).toBeNull();
  });
});
