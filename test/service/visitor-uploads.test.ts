import { mkdtemp, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VisitorRequest } from "@/lib/services/visitor-gate";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { codeOf } from "../helpers/errors";
import { DomainError } from "@/lib/domain/errors";

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
});
