import { mkdtemp, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VisitorRequest } from "@/lib/services/visitor-gate";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { codeOf } from "../helpers/errors";
import { DomainError } from "@/lib/domain/errors";
import { VISITOR_UPLOADS_PER_IP } from "@/lib/services/visitor-upload.service";

const PROVIDERS = await providers();
let ipCounter = 0;
/** Each test's visitor comes from its own address (creation is rate-limited per IP). */
const nextIp = () => `198.51.100.${++ipCounter}`;
const visitor = (token: string, ip: string): VisitorRequest => ({ token, cookies: {}, ip });

async function errorOf(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

describe.each(PROVIDERS)("visitor uploads on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date("2026-03-01T00:00:00Z"));
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  /** Bytes for upload `id` as tus would leave them, finished through the visitor path. */
  async function finish(id: string, body: string) {
    const dir = await mkdtemp(`${h.dataDir}/tmp-`);
    await writeFile(`${dir}/${id}`, body);
    await h.services.visitorUploads.finishFromLocalFile(id, `${dir}/${id}`);
  }

  it("a file drop tells its visitors nothing about the folder: no path probe, no ids, no size or mtime, no quota figures", async () => {
    const owner = await makeUser(h.services, { quota: 4321 });
    const { files, shareLinks, visitors, visitorUploads, uploads } = h.services;
    const ip = nextIp();
    const drop = await files.createFolder(owner.actor, owner.rootId, "drop");
    const existing = await putFile(h.services, owner.actor, drop.node.id, "existing.pdf", "secret");
    const sub = await files.createFolder(owner.actor, drop.node.id, "sub");
    const link = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "upload" })).link;

    // A path through an existing file is numbered like a taken name: the probe succeeds and names nothing.
    await visitorUploads.begin(visitor(link.token, ip), `probe-${provider}`, { name: "existing.pdf/x.txt", size: 1 });
    const row = (await uploads.find(`probe-${provider}`))!;
    expect((await files.get(owner.actor, row.parentId)).node.name).toBe("existing (1).pdf");
    await finish(`probe-${provider}`, "x");
    expect((await files.get(owner.actor, existing.id)).node.trashedAt).toBeNull();

    // Any parent but the shared folder is the same NOT_FOUND: a file, a folder inside, or nothing.
    for (const parentId of [existing.id, sub.node.id, 999_999]) {
      expect(await codeOf(visitorUploads.begin(visitor(link.token, ip), `p-${parentId}-${provider}`, { parentId, name: "a.txt", size: 1 }))).toBe("NOT_FOUND");
    }

    const opened = await visitors.open(visitor(link.token, ip));
    expect(opened.rootEntry.details).toBe(false);
    const view = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "view" })).link;
    expect((await visitors.open(visitor(view.token, ip))).rootEntry.details).toBe(true);

    // Not enough space: said, but not the owner's quota or usage.
    const full = await errorOf(visitorUploads.begin(visitor(link.token, ip), `big-${provider}`, { name: "big.bin", size: 5000 }));
    expect(full.code).toBe("QUOTA_EXCEEDED");
    expect(full.message).not.toMatch(/\d/);
    expect(full.details).toBeUndefined();
  });

  it("anonymous drop reservations never block the owner's own writes, and visitors cannot take more than is free", async () => {
    const owner = await makeUser(h.services, { quota: 1000 });
    const { files, shareLinks, visitorUploads } = h.services;
    const ip = nextIp();
    const drop = await files.createFolder(owner.actor, owner.rootId, "drop");
    const link = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "upload" })).link;
    for (const i of [1, 2, 3]) await visitorUploads.begin(visitor(link.token, ip), `hold-${i}-${provider}`, { name: `f${i}.bin`, size: 300 });

    // The owner's write goes through although visitors declared 900 of the 1000 bytes.
    await putFile(h.services, owner.actor, owner.rootId, "mine.bin", Buffer.alloc(500));
    // Visitors reserve only what is free after the owner's usage and each other's uploads.
    expect(await codeOf(visitorUploads.begin(visitor(link.token, ip), `hold-4-${provider}`, { name: "f4.bin", size: 300 }))).toBe("QUOTA_EXCEEDED");
    // A visitor upload the owner's writes left no room for is refused when it finishes, and the quota holds.
    await finish(`hold-1-${provider}`, "x".repeat(300));
    expect(await codeOf(finish(`hold-2-${provider}`, "y".repeat(300)))).toBe("QUOTA_EXCEEDED");
    const space = (await h.services.uow.repos.spaces.findById(owner.spaceId))!;
    expect(space.usedBytes).toBeLessThanOrEqual(1000);
    expect(space.reservedBytes).toBe(0);
  });

  it("a visitor upload with no byte received expires after 15 minutes; only bytes (not a bare PATCH) extend it", async () => {
    const owner = await makeUser(h.services, { quota: 1000 });
    const { files, shareLinks, visitorUploads, uploads } = h.services;
    const ip = nextIp();
    const drop = await files.createFolder(owner.actor, owner.rootId, "drop");
    const link = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "upload" })).link;
    await visitorUploads.begin(visitor(link.token, ip), `idle-${provider}`, { name: "idle.bin", size: 400 });
    await visitorUploads.begin(visitor(link.token, ip), `busy-${provider}`, { name: "busy.bin", size: 400 });
    await visitorUploads.progressed(`busy-${provider}`);

    clock.advance(16 * 60 * 1000);
    const idle = (await uploads.find(`idle-${provider}`))!;
    expect(await codeOf(visitorUploads.assertContinuing(idle, {}))).toBe("NOT_FOUND");
    const busy = (await uploads.find(`busy-${provider}`))!;
    await visitorUploads.assertContinuing(busy, {});
    const expired = await uploads.expire(clock.now());
    expect(expired).toContain(`idle-${provider}`);
    expect(expired).not.toContain(`busy-${provider}`);
    // The idle one's 400 bytes are free again for visitors.
    await visitorUploads.begin(visitor(link.token, ip), `again-${provider}`, { name: "again.bin", size: 600 });
  });

  it("caps what one link's unfinished visitor uploads hold, and visitor upload creation per IP", async () => {
    const GiB = 1024 ** 3;
    const owner = await makeUser(h.services, { quota: null });
    const { files, shareLinks, visitorUploads, uploads } = h.services;
    const drop = await files.createFolder(owner.actor, owner.rootId, "drop");
    const link = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "upload" })).link;
    const other = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "upload" })).link;
    const ip = nextIp();
    // One upload may be larger than the cap; a second one on the same link waits for room.
    await visitorUploads.begin(visitor(link.token, ip), `big-${provider}`, { name: "big.bin", size: 11 * GiB });
    expect(await codeOf(visitorUploads.begin(visitor(link.token, ip), `more-${provider}`, { name: "more.bin", size: 1 }))).toBe("THROTTLED");
    await visitorUploads.begin(visitor(other.token, ip), `other-${provider}`, { name: "other.bin", size: 5 * GiB });
    await uploads.cancel(`big-${provider}`);
    await visitorUploads.begin(visitor(link.token, ip), `more-${provider}`, { name: "more.bin", size: 6 * GiB });
    await visitorUploads.begin(visitor(link.token, ip), `most-${provider}`, { name: "most.bin", size: 4 * GiB });
    expect(await codeOf(visitorUploads.begin(visitor(link.token, ip), `over-${provider}`, { name: "over.bin", size: 1 }))).toBe("THROTTLED");

    // Creation per IP: the window's allowance, then THROTTLED for that address only.
    const flood = nextIp();
    const repo = h.services.uow.repos.rateCounters;
    for (let i = 0; i < VISITOR_UPLOADS_PER_IP.max; i++) await repo.hit(`visitor-upload:${flood}`, VISITOR_UPLOADS_PER_IP.windowMs, clock.now());
    expect(await codeOf(visitorUploads.begin(visitor(other.token, flood), `flood-${provider}`, { name: "f.bin", size: 1 }))).toBe("THROTTLED");
    await visitorUploads.begin(visitor(other.token, nextIp()), `calm-${provider}`, { name: "c.bin", size: 1 });
  });
});
