import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "@/lib/domain/errors";
import { WOPI_LOCK_MS, WOPI_TOKEN_TTL_MS, WopiService } from "@/lib/services/wopi.service";
import { WopiTokens } from "@/lib/services/wopi-tokens";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();
const DISCOVERY = readFileSync(path.join(import.meta.dirname, "../../lib/domain/fixtures/collabora-discovery.xml"), "utf8");
const body = (text: string) => ({ body: Readable.from([Buffer.from(text)]), declaredSize: Buffer.byteLength(text) });

/** The lock the refusal reports (X-WOPI-Lock), or "OK". */
async function lockOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof DomainError && e.code === "CONFLICT") return `409:${String(e.details?.wopiLock)}`;
    throw e;
  }
}

describe.each(PROVIDERS)("WOPI host on %s", (provider) => {
  let h: TestHarness;
  let wopi: WopiService;
  const clock = new TestClock(new Date());
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    const s = h.services;
    wopi = new WopiService(s.uow, s.access, s.auth, s.downloads, s.edits, new WopiTokens(() => "test-secret"), clock, () => "https://haven.example/", async () => DISCOVERY);
  });
  afterAll(async () => h?.close());

  /** A signed-in user (a browser session) with a file, and an "Open in office" token for it. */
  async function opened(name = "report.odt", content = "PK-odt") {
    const admin = await makeUser(h.services, { role: "admin" });
    await wopi.setDiscoveryUrl(admin.actor, "http://office.example:9980/hosting/discovery");
    const owner = await makeUser(h.services);
    const file = await putFile(h.services, owner.actor, owner.rootId, name, content);
    const { sessionId } = await h.services.auth.login(owner.user.username, "correct horse battery", { ip: null, userAgent: null });
    const open = await wopi.openInOffice({ ...owner.actor, sessionId }, file.id);
    return { owner, file, sessionId, open, token: open.accessToken };
  }

  it("Open in office: the editor URL with WOPISrc, and a token that expires with the TTL", async () => {
    const { file, open } = await opened();
    expect(open.mode).toBe("edit");
    expect(open.url).toBe(`http://office.example:9980/browser/2c5b7e1/cool.html?WOPISrc=${encodeURIComponent(`https://haven.example/wopi/files/${file.id}`)}`);
    expect(open.accessTokenTtl).toBe(clock.now().getTime() + WOPI_TOKEN_TTL_MS);
    expect(await wopi.officeExtensions()).toEqual(["doc", "docx", "odt"]);
  });

  it("CheckFileInfo has the required fields, the user's write right and the version; GetFile gives the bytes", async () => {
    const { owner, file, token } = await opened("plan.odt", "hello office");
    const info = await wopi.checkFileInfo(token, file.id);
    expect(info).toMatchObject({ BaseFileName: "plan.odt", OwnerId: String(owner.user.id), UserId: String(owner.user.id), Size: 12, UserCanWrite: true, ReadOnly: false, SupportsLocks: true, SupportsUpdate: true });
    expect(info.Version).toBe(`v${file.currentVersionId}`);
    expect(info.SHA256).toBe(createHash("sha256").update("hello office").digest("base64"));
    const content = await wopi.getFile(token, file.id);
    expect((await readAll(await content.open())).toString()).toBe("hello office");
  });

  it("refuses a missing, forged, expired or other file's token (401) and a file the user cannot reach (404)", async () => {
    const { file, token, sessionId, owner } = await opened();
    const other = await putFile(h.services, owner.actor, owner.rootId, "other.odt", "x");
    expect(await codeOf(wopi.checkFileInfo(null, file.id))).toBe("UNAUTHENTICATED");
    expect(await codeOf(wopi.checkFileInfo(`${token}x`, file.id))).toBe("UNAUTHENTICATED");
    expect(await codeOf(wopi.checkFileInfo(token, other.id))).toBe("UNAUTHENTICATED");
    const stranger = await makeUser(h.services);
    const { sessionId: strangerSession } = await h.services.auth.login(stranger.user.username, "correct horse battery", { ip: null, userAgent: null });
    const forged = new WopiTokens(() => "test-secret").issue({ userId: stranger.user.id, sessionId: strangerSession, nodeId: file.id, expiresAt: new Date(clock.now().getTime() + 60_000) });
    expect(await codeOf(wopi.checkFileInfo(forged, file.id))).toBe("NOT_FOUND");
    clock.advance(WOPI_TOKEN_TTL_MS + 1000);
    expect(await codeOf(wopi.checkFileInfo(token, file.id))).toBe("UNAUTHENTICATED");
    clock.advance(-(WOPI_TOKEN_TTL_MS + 1000));
    await h.services.auth.logout(sessionId);
    expect(await codeOf(wopi.checkFileInfo(token, file.id))).toBe("UNAUTHENTICATED");
  });

  it("a reader gets UserCanWrite false, and PutFile and Lock answer 404", async () => {
    const { owner, file } = await opened();
    const reader = await makeUser(h.services);
    await h.services.shareGrants.grant(owner.actor, file.id, { userId: reader.user.id, permission: "view" });
    const { sessionId } = await h.services.auth.login(reader.user.username, "correct horse battery", { ip: null, userAgent: null });
    const open = await wopi.openInOffice({ ...reader.actor, sessionId }, file.id);
    expect(open.mode).toBe("view");
    expect((await wopi.checkFileInfo(open.accessToken, file.id)).UserCanWrite).toBe(false);
    expect(await codeOf(wopi.lock(open.accessToken, file.id, "L1"))).toBe("NOT_FOUND");
    expect(await codeOf(wopi.putFile(open.accessToken, file.id, "L1", body("mine")))).toBe("NOT_FOUND");
  });

  it("locks: Lock, a second editor's mismatch with X-WOPI-Lock, PutFile under the lock makes a version, Unlock", async () => {
    const { owner, file, token } = await opened();
    expect(await lockOf(wopi.putFile(token, file.id, undefined, body("no lock")))).toBe("409:");
    expect((await wopi.getLock(token, file.id)).lockId).toBe("");
    await wopi.lock(token, file.id, "L1");
    expect((await wopi.getLock(token, file.id)).lockId).toBe("L1");
    await wopi.lock(token, file.id, "L1");
    expect(await lockOf(wopi.lock(token, file.id, "L2"))).toBe("409:L1");
    expect(await lockOf(wopi.putFile(token, file.id, "L2", body("theirs")))).toBe("409:L1");
    const { version } = await wopi.putFile(token, file.id, "L1", body("saved by office"));
    expect(version).not.toBe(`v${file.currentVersionId}`);
    expect((await wopi.checkFileInfo(token, file.id)).Version).toBe(version);
    expect((await h.services.versions.versions(owner.actor, file.id)).versions).toHaveLength(2);
    expect((await readAll(await (await wopi.getFile(token, file.id)).open())).toString()).toBe("saved by office");
    // While the office editor holds the lock, the browser's editor cannot save over it.
    expect(await codeOf(h.services.edits.saveContent(owner.actor, file.id, body("from the browser")))).toBe("LOCKED");
    expect(await lockOf(wopi.unlock(token, file.id, "L2"))).toBe("409:L1");
    expect(await lockOf(wopi.lock(token, file.id, "L3", "L2"))).toBe("409:L1");
    await wopi.lock(token, file.id, "L3", "L1");
    expect((await wopi.getLock(token, file.id)).lockId).toBe("L3");
    await wopi.refreshLock(token, file.id, "L3");
    await wopi.unlock(token, file.id, "L3");
    expect(await lockOf(wopi.refreshLock(token, file.id, "L3"))).toBe("409:");
    await h.services.edits.saveContent(owner.actor, file.id, body("from the browser"));
  });

  it("a lock expires after 30 minutes unless refreshed; an empty file takes a PutFile without a lock", async () => {
    const { file, token } = await opened("new.odt", "");
    await wopi.putFile(token, file.id, undefined, body("first content"));
    await wopi.lock(token, file.id, "A");
    clock.advance(WOPI_LOCK_MS - 1000);
    await wopi.refreshLock(token, file.id, "A");
    clock.advance(WOPI_LOCK_MS - 1000);
    expect((await wopi.getLock(token, file.id)).lockId).toBe("A");
    clock.advance(2000);
    expect((await wopi.getLock(token, file.id)).lockId).toBe("");
    await wopi.lock(token, file.id, "B");
    expect((await wopi.getLock(token, file.id)).lockId).toBe("B");
  });

  it("the discovery setting is admins' only and must be a URL", async () => {
    const user = await makeUser(h.services);
    const admin = await makeUser(h.services, { role: "admin" });
    expect(await codeOf(wopi.setDiscoveryUrl(user.actor, "http://x/"))).toBe("FORBIDDEN");
    expect(await codeOf(wopi.setDiscoveryUrl(admin.actor, "javascript:alert(1)"))).toBe("INVALID_INPUT");
    await wopi.setDiscoveryUrl(admin.actor, null);
    expect(await wopi.officeExtensions()).toEqual([]);
    expect(await codeOf(wopi.openInOffice({ ...user.actor, sessionId: "s" }, user.rootId))).toBe("CONFLICT");
  });
});
