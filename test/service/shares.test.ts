import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shareCookieName, type VisitorRequest } from "@/lib/services/visitor-gate";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();
const DAY = 24 * 60 * 60 * 1000;

const visitor = (token: string, cookies: Record<string, string> = {}): VisitorRequest => ({ token, cookies, ip: "203.0.113.7" });

describe.each(PROVIDERS)("sharing on %s", (provider) => {
  let h: TestHarness;
  const clock = new TestClock(new Date("2026-03-01T00:00:00Z"));
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  it("internal share: the recipient reads (crumbs start at the shared root), edits with edit, and loses access on revoke", async () => {
    const owner = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const { files, shareGrants, shareLinks } = h.services;
    const secret = await files.createFolder(owner.actor, owner.rootId, "private");
    const team = await files.createFolder(owner.actor, secret.node.id, "team");
    const doc = await putFile(h.services, owner.actor, team.node.id, "plan.txt", "plan v1");
    expect(await codeOf(files.get(bob.actor, doc.id))).toBe("NOT_FOUND");

    const { grant } = await shareGrants.grant(owner.actor, team.node.id, { userId: bob.user.id, permission: "view" });
    expect((await files.get(bob.actor, doc.id)).rights).toMatchObject({ read: true, write: false, share: false });
    expect((await files.crumbs(bob.actor, doc.id)).map((c) => c.name)).toEqual(["team", "plan.txt"]);
    expect(await codeOf(files.get(bob.actor, secret.node.id))).toBe("NOT_FOUND");
    expect(await codeOf(files.rename(bob.actor, doc.id, "x.txt"))).toBe("FORBIDDEN");
    expect(await codeOf(shareLinks.createLink(bob.actor, doc.id, {}))).toBe("FORBIDDEN");
    const withMe = await shareGrants.sharedWithMe(bob.actor);
    expect(withMe.map((i) => [i.entry.node.name, i.owner.id])).toEqual([["team", owner.user.id]]);

    // Sharing again updates the one grant; edit lets the recipient write into the owner's space (owner's quota).
    const again = await shareGrants.grant(owner.actor, team.node.id, { userId: bob.user.id, permission: "edit" });
    expect(again.grant.id).toBe(grant.id);
    const upload = await putFile(h.services, bob.actor, team.node.id, "notes.txt", "from bob");
    expect(upload.spaceId).toBe(owner.spaceId);
    expect((await h.services.spaces.usage(owner.user.id)).used).toBeGreaterThanOrEqual("plan v1from bob".length);
    await putFile(h.services, bob.actor, team.node.id, "plan.txt", "plan v2", { onConflict: "replace" });
    const history = await h.services.versions.versions(owner.actor, doc.id);
    expect(history.versions.map((v) => v.authorId)).toEqual([bob.user.id, owner.user.id]);
    await files.rename(bob.actor, doc.id, "plan-final.txt");

    await shareGrants.revokeGrant(owner.actor, grant.id);
    expect(await codeOf(files.get(bob.actor, doc.id))).toBe("NOT_FOUND");
    expect(await shareGrants.sharedWithMe(bob.actor)).toEqual([]);
  });

  it("partner accounts share only their own content, and only when the site allows it; never what was shared with them", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const owner = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const partner = { ...bob.actor, role: "partner" as const };
    const { files, shareGrants, shareLinks, settings } = h.services;
    const box = await files.createFolder(owner.actor, owner.rootId, "box");
    await shareGrants.grant(owner.actor, box.node.id, { userId: bob.user.id, permission: "edit" });
    const own = await putFile(h.services, partner, bob.rootId, "mine.txt", "mine");

    expect((await files.get(partner, own.id)).rights.share).toBe(false);
    expect(await codeOf(shareLinks.createLink(partner, own.id, {}))).toBe("FORBIDDEN");
    await settings.setSharePolicy(admin.actor, { partnersMayShare: true });
    try {
      expect((await files.get(partner, own.id)).rights.share).toBe(true);
      expect((await shareLinks.createLink(partner, own.id, {})).node.id).toBe(own.id);
      // An edit grant lets the partner write and delete in the owner's folder (not the folder itself), but not hand it on.
      expect((await files.get(partner, box.node.id)).rights).toMatchObject({ write: true, delete: false, share: false });
      const inBox = await putFile(h.services, partner, box.node.id, "in-box.txt", "x");
      expect((await files.get(partner, inBox.id)).rights).toMatchObject({ write: true, delete: true, share: false });
      expect(await codeOf(shareLinks.createLink(partner, box.node.id, {}))).toBe("FORBIDDEN");
      expect(await codeOf(shareGrants.grant(partner, box.node.id, { userId: admin.user.id, permission: "view" }))).toBe("FORBIDDEN");
    } finally {
      await settings.setSharePolicy(admin.actor, { partnersMayShare: false });
    }
  });

  it("a recipient's uploads count against the owner's quota, not the recipient's", async () => {
    const owner = await makeUser(h.services, { quota: 100 });
    const bob = await makeUser(h.services, { quota: null });
    const box = await h.services.files.createFolder(owner.actor, owner.rootId, "box");
    await h.services.shareGrants.grant(owner.actor, box.node.id, { userId: bob.user.id, permission: "edit" });
    await putFile(h.services, bob.actor, box.node.id, "fits.bin", Buffer.alloc(60));
    expect(await codeOf(putFile(h.services, bob.actor, box.node.id, "too-much.bin", Buffer.alloc(60)))).toBe("QUOTA_EXCEEDED");
    expect((await h.services.spaces.usage(owner.user.id)).used).toBe(60);
    expect((await h.services.spaces.usage(bob.user.id)).used).toBe(0);
  });

  it("a user without the share right cannot create links or grants for someone else's node", async () => {
    const owner = await makeUser(h.services);
    const eve = await makeUser(h.services);
    const f = await putFile(h.services, owner.actor, owner.rootId, "a.txt", "a");
    expect(await codeOf(h.services.shareLinks.createLink(eve.actor, f.id, {}))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.shareGrants.grant(eve.actor, f.id, { userId: eve.user.id, permission: "edit" }))).toBe("NOT_FOUND");
    const { link } = await h.services.shareLinks.createLink(owner.actor, f.id, {});
    expect(await codeOf(h.services.shareLinks.revokeLink(eve.actor, link.id))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.shareLinks.updateLink(eve.actor, link.id, { mode: "preview" }))).toBe("NOT_FOUND");
  });

  it("public link: token of at least 128 bits, password cookie bound to the password, throttled guesses", async () => {
    const owner = await makeUser(h.services);
    const f = await putFile(h.services, owner.actor, owner.rootId, "secret.txt", "s3cret");
    const { shareLinks, visitors } = h.services;
    const { link } = await shareLinks.createLink(owner.actor, f.id, { password: "open sesame" });
    expect(Buffer.from(link.token, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(await codeOf(visitors.open(visitor(link.token)))).toBe("PASSWORD_REQUIRED");
    expect(await codeOf(visitors.unlock(visitor(link.token), "wrong"))).toBe("FORBIDDEN");
    const cookie = (await visitors.unlock(visitor(link.token), "open sesame"))!;
    expect(cookie.name).toBe(shareCookieName(link.id));
    const withCookie = visitor(link.token, { [cookie.name]: cookie.value });
    const opened = await visitors.open(withCookie);
    expect(opened.root.id).toBe(f.id);
    expect(await visitors.publicTitle(link.token)).toBeNull();
    const open = (await shareLinks.createLink(owner.actor, f.id, {})).link;
    expect(await visitors.publicTitle(open.token)).toBe("secret.txt");
    expect(await codeOf(visitors.open(visitor(link.token, { [cookie.name]: `${cookie.value}x` })))).toBe("PASSWORD_REQUIRED");

    await shareLinks.updateLink(owner.actor, link.id, { password: "new password" });
    expect(await codeOf(visitors.open(withCookie))).toBe("PASSWORD_REQUIRED");

    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push(await codeOf(visitors.unlock(visitor(link.token), `guess ${i}`)));
    expect(codes.slice(0, 5).every((c) => c === "FORBIDDEN")).toBe(true);
    expect(codes.at(-1)).toBe("THROTTLED");
    expect(await codeOf(visitors.unlock(visitor(link.token), "new password"))).toBe("THROTTLED");
    const audit = await h.services.uow.repos.audit.recent({ action: "share.password_failed" }, 100);
    expect(audit.filter((a) => a.targetId === String(link.id)).length).toBeGreaterThanOrEqual(5);
  });

  it("share-password guesses from an IP are throttled across links but never lock that IP out of sign-in", async () => {
    const owner = await makeUser(h.services);
    const f = await putFile(h.services, owner.actor, owner.rootId, "guarded.txt", "x");
    const ip = "198.51.100.23";
    const codes: string[] = [];
    for (let l = 0; l < 5; l++) {
      const { link } = await h.services.shareLinks.createLink(owner.actor, f.id, { password: `pw-${l}` });
      for (let i = 0; i < 5; i++) codes.push(await codeOf(h.services.visitors.unlock({ token: link.token, cookies: {}, ip }, "guess")));
    }
    expect(codes.slice(0, 20).every((c) => c === "FORBIDDEN")).toBe(true);
    expect(codes.at(-1)).toBe("THROTTLED");
    const signedIn = await h.services.auth.login(owner.user.username, "correct horse battery", { ip, userAgent: null });
    expect(signedIn.user.id).toBe(owner.user.id);
  });

  it("expiry answers GONE, revocation NOT_FOUND, and the download limit holds under parallel downloads", async () => {
    const owner = await makeUser(h.services);
    const f = await putFile(h.services, owner.actor, owner.rootId, "f.bin", "0123456789");
    const { shareLinks, visitors } = h.services;
    const expiring = (await shareLinks.createLink(owner.actor, f.id, { expiresAt: new Date(clock.now().getTime() + DAY) })).link;
    expect((await visitors.open(visitor(expiring.token))).root.id).toBe(f.id);
    clock.advance(DAY + 1);
    expect(await codeOf(visitors.open(visitor(expiring.token)))).toBe("GONE");
    expect(await codeOf(visitors.download(visitor(expiring.token), f.id))).toBe("GONE");
    expect(await visitors.publicTitle(expiring.token)).toBeNull();

    const limited = (await shareLinks.createLink(owner.actor, f.id, { downloadLimit: 3 })).link;
    const results = await Promise.all(Array.from({ length: 8 }, () => codeOf(visitors.download(visitor(limited.token), f.id))));
    expect(results.filter((r) => r === "OK")).toHaveLength(3);
    expect(results.filter((r) => r === "GONE")).toHaveLength(5);
    expect(await codeOf(visitors.open(visitor(limited.token)))).toBe("GONE");
    const [stats] = (await shareLinks.listLinks(owner.actor, f.id)).filter((l) => l.link.id === limited.id);
    expect(stats!.link.downloadCount).toBe(3);

    const revoked = (await shareLinks.createLink(owner.actor, f.id, {})).link;
    await shareLinks.revokeLink(owner.actor, revoked.id);
    expect(await codeOf(visitors.open(visitor(revoked.token)))).toBe("NOT_FOUND");
    expect(await codeOf(visitors.download(visitor(revoked.token), f.id))).toBe("NOT_FOUND");
  });

  it("preview-only never opens raw bytes; view counts and zips once; ids outside the share are NOT_FOUND", async () => {
    const owner = await makeUser(h.services);
    const { files, shareLinks, visitors } = h.services;
    const folder = await files.createFolder(owner.actor, owner.rootId, "album");
    const inside = await putFile(h.services, owner.actor, folder.node.id, "clip.mp4", Buffer.alloc(2048, 1));
    const outside = await putFile(h.services, owner.actor, owner.rootId, "outside.txt", "nope");
    const preview = (await shareLinks.createLink(owner.actor, folder.node.id, { mode: "preview" })).link;
    const listing = await visitors.children(visitor(preview.token));
    expect(listing.entries.map((e) => [e.node.name, e.download, e.viewerToken !== null])).toEqual([["clip.mp4", false, true]]);
    expect(await codeOf(visitors.download(visitor(preview.token), inside.id))).toBe("FORBIDDEN");
    expect(await codeOf(visitors.zip(visitor(preview.token), []))).toBe("FORBIDDEN");
    const actor = (await visitors.open(visitor(preview.token))).actor;
    expect(await codeOf(h.services.downloads.openFile(actor, inside.id))).toBe("FORBIDDEN");
    const { content, capped } = await visitors.viewerSource(visitor(preview.token), inside.id, listing.entries[0]!.viewerToken!);
    expect(capped).toBe(true);
    expect(content.size).toBe(2048);
    expect(await codeOf(visitors.viewerSource(visitor(preview.token), inside.id, "123.bad"))).toBe("NOT_FOUND");
    clock.advance(11 * 60 * 1000);
    expect(await codeOf(visitors.viewerSource(visitor(preview.token), inside.id, listing.entries[0]!.viewerToken!))).toBe("NOT_FOUND");

    const view = (await shareLinks.createLink(owner.actor, folder.node.id, { mode: "view" })).link;
    const viewToken = (await visitors.children(visitor(view.token))).entries[0]!.viewerToken!;
    expect((await visitors.viewerSource(visitor(view.token), inside.id, viewToken)).capped).toBe(false);
    const limited = (await shareLinks.createLink(owner.actor, folder.node.id, { mode: "view", downloadLimit: 5 })).link;
    const limitedToken = (await visitors.children(visitor(limited.token))).entries[0]!.viewerToken!;
    expect((await visitors.viewerSource(visitor(limited.token), inside.id, limitedToken)).capped).toBe(true);
    expect(await codeOf(visitors.children(visitor(view.token), owner.rootId))).toBe("NOT_FOUND");
    expect(await codeOf(visitors.download(visitor(view.token), outside.id))).toBe("NOT_FOUND");
    expect(await codeOf(visitors.zip(visitor(view.token), [outside.id]))).toBe("NOT_FOUND");
    expect((await visitors.children(visitor(view.token), folder.node.id)).crumbs.map((c) => c.name)).toEqual(["album"]);
    const got = await visitors.download(visitor(view.token), inside.id);
    expect((await readAll(await got.open())).length).toBe(2048);
    const zip = await visitors.zip(visitor(view.token), []);
    expect(zip.entries.map((e) => e.path)).toEqual(["album/", "album/clip.mp4"]);
    await visitors.open(visitor(view.token));
    const [stats] = (await shareLinks.listLinks(owner.actor, folder.node.id)).filter((l) => l.link.id === view.id);
    expect(stats!.link).toMatchObject({ downloadCount: 2, viewCount: 1 });
    expect(stats!.link.lastAccessAt).not.toBeNull();
  });

  it("a viewer token that streamed a whole file's worth counts one download on a link with a download limit", async () => {
    const owner = await makeUser(h.services);
    const { files, shareLinks, visitors } = h.services;
    const folder = await files.createFolder(owner.actor, owner.rootId, "talks");
    const video = await putFile(h.services, owner.actor, folder.node.id, "talk.txt", "0123456789");
    const link = (await shareLinks.createLink(owner.actor, folder.node.id, { mode: "view", downloadLimit: 2 })).link;
    const count = async () => (await shareLinks.listLinks(owner.actor, folder.node.id)).find((l) => l.link.id === link.id)!.link.downloadCount;
    const tokenOf = async () => (await visitors.children(visitor(link.token))).entries[0]!.viewerToken!;

    const first = await tokenOf();
    const { charge } = await visitors.viewerSource(visitor(link.token), video.id, first);
    await charge!(4);
    await charge!(4);
    expect(await count()).toBe(0);
    await charge!(4);
    expect(await count()).toBe(1);
    // A fresh token starts its own tally; its whole file's worth takes the last download.
    const second = await tokenOf();
    await (await visitors.viewerSource(visitor(link.token), video.id, second)).charge!(10);
    expect(await count()).toBe(2);
    expect(await codeOf(visitors.viewerSource(visitor(link.token), video.id, second))).toBe("GONE");
    // Links without a limit are not charged.
    const open = (await shareLinks.createLink(owner.actor, folder.node.id, { mode: "view" })).link;
    const openToken = (await visitors.children(visitor(open.token))).entries[0]!.viewerToken!;
    expect((await visitors.viewerSource(visitor(open.token), video.id, openToken)).charge).toBeUndefined();
  });

  it("upload-only: visitors upload without listing, conflicts keep both, the size limit and owner's quota apply", async () => {
    const owner = await makeUser(h.services, { quota: 1000 });
    const { files, shareLinks, visitors, visitorUploads, uploads } = h.services;
    const drop = await files.createFolder(owner.actor, owner.rootId, "drop");
    await putFile(h.services, owner.actor, drop.node.id, "cv.pdf", "existing");
    const link = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "upload", uploadSizeLimit: 500 })).link;
    expect(await codeOf(visitors.children(visitor(link.token)))).toBe("FORBIDDEN");
    expect(await codeOf(shareLinks.createLink(owner.actor, (await putFile(h.services, owner.actor, owner.rootId, "x.txt", "x")).id, { mode: "upload" }))).toBe("INVALID_INPUT");
    await visitorUploads.begin(visitor(link.token), "visitor-1", { name: "cv.pdf", size: 5 });
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const dir = await mkdtemp(`${h.dataDir}/tmp-`);
    await writeFile(`${dir}/visitor-1`, "hello");
    const node = await uploads.finishFromLocalFile("visitor-1", `${dir}/visitor-1`);
    expect(node.name).toBe("cv (1).pdf");
    expect(node.spaceId).toBe(owner.spaceId);
    expect(await codeOf(visitorUploads.begin(visitor(link.token), "visitor-2", { name: "big.bin", size: 501 }))).toBe("TOO_LARGE");
    const outside = await files.createFolder(owner.actor, owner.rootId, "elsewhere");
    expect(await codeOf(visitorUploads.begin(visitor(link.token), "visitor-3", { parentId: outside.node.id, name: "a.txt", size: 1 }))).toBe("NOT_FOUND");
    const roomy = (await shareLinks.createLink(owner.actor, drop.node.id, { mode: "upload" })).link;
    expect(await codeOf(visitorUploads.begin(visitor(roomy.token), "visitor-4", { name: "huge.bin", size: 5000 }))).toBe("QUOTA_EXCEEDED");
    expect(await codeOf(visitorUploads.rename(visitor(link.token), node.id, "mine.pdf"))).toBe("FORBIDDEN");
  });

  it("a visitor upload in progress stops when its link stops taking uploads: site switch, used-up limit", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const owner = await makeUser(h.services);
    const { files, shareLinks, visitorUploads, visitors, uploads, settings } = h.services;
    const box = await files.createFolder(owner.actor, owner.rootId, "inbox");
    const doc = await putFile(h.services, owner.actor, box.node.id, "readme.txt", "read me");
    const link = (await shareLinks.createLink(owner.actor, box.node.id, { mode: "edit", downloadLimit: 1 })).link;
    await visitorUploads.begin(visitor(link.token), "visitor-limit", { name: "late.txt", size: 4 });
    const upload = (await uploads.find("visitor-limit"))!;
    await visitorUploads.assertContinuing(upload, {});

    await settings.setSharePolicy(admin.actor, { allowUploadLinks: false });
    expect(await codeOf(visitorUploads.assertContinuing(upload, {}))).toBe("FORBIDDEN");
    await settings.setSharePolicy(admin.actor, { allowUploadLinks: true });
    await visitorUploads.assertContinuing(upload, {});

    expect((await shareLinks.listLinks(owner.actor, box.node.id)).find((l) => l.link.id === link.id)?.state).toBe("live");
    await visitors.download(visitor(link.token), doc.id);
    expect((await shareLinks.listLinks(owner.actor, box.node.id)).find((l) => l.link.id === link.id)?.state).toBe("exhausted");
    expect(await codeOf(visitorUploads.assertContinuing(upload, {}))).toBe("GONE");
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const dir = await mkdtemp(`${h.dataDir}/tmp-`);
    await writeFile(`${dir}/visitor-limit`, "late");
    expect(await codeOf(uploads.finishFromLocalFile("visitor-limit", `${dir}/visitor-limit`))).toBe("NOT_FOUND");
    expect((await files.list(owner.actor, box.node.id)).items.map((e) => e.node.name)).toEqual(["readme.txt"]);
  });

  it("read-write: mkdir, rename and delete inside the share only", async () => {
    const owner = await makeUser(h.services);
    const { files, shareLinks, visitorUploads, visitors } = h.services;
    const box = await files.createFolder(owner.actor, owner.rootId, "box");
    const outside = await putFile(h.services, owner.actor, owner.rootId, "keep.txt", "keep");
    const link = (await shareLinks.createLink(owner.actor, box.node.id, { mode: "edit" })).link;
    const sub = await visitorUploads.createFolder(visitor(link.token), undefined, "sub");
    const renamed = await visitorUploads.rename(visitor(link.token), sub.node.id, "renamed");
    expect(renamed.node.name).toBe("renamed");
    expect(await codeOf(visitorUploads.rename(visitor(link.token), outside.id, "x"))).toBe("NOT_FOUND");
    expect(await codeOf(visitorUploads.remove(visitor(link.token), outside.id))).toBe("NOT_FOUND");
    expect(await codeOf(visitorUploads.remove(visitor(link.token), box.node.id))).toBe("FORBIDDEN");
    await visitorUploads.remove(visitor(link.token), sub.node.id);
    expect((await visitors.children(visitor(link.token))).entries).toEqual([]);
  });

  it("enforces the admin share policy on create and edit; public links off answers NOT_FOUND", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const owner = await makeUser(h.services);
    const { settings, shareLinks, visitors } = h.services;
    const f = await putFile(h.services, owner.actor, owner.rootId, "p.txt", "p");
    const existing = (await shareLinks.createLink(owner.actor, f.id, {})).link;
    expect(await codeOf(settings.setSharePolicy(owner.actor, { publicLinks: false }))).toBe("FORBIDDEN");
    try {
      await settings.setSharePolicy(admin.actor, { requirePassword: true, maxExpiryDays: 7, allowUploadLinks: false });
      expect(await codeOf(shareLinks.createLink(owner.actor, f.id, { expiresAt: new Date(clock.now().getTime() + DAY) }))).toBe("INVALID_INPUT");
      expect(await codeOf(shareLinks.createLink(owner.actor, f.id, { password: "pw" }))).toBe("INVALID_INPUT");
      expect(await codeOf(shareLinks.createLink(owner.actor, f.id, { password: "pw", expiresAt: new Date(clock.now().getTime() + 8 * DAY) }))).toBe("INVALID_INPUT");
      const ok = await shareLinks.createLink(owner.actor, f.id, { password: "pw", expiresAt: new Date(clock.now().getTime() + 7 * DAY) });
      expect(ok.link.passwordHash).toMatch(/^\$argon2/);
      expect(await codeOf(shareLinks.updateLink(owner.actor, ok.link.id, { password: null }))).toBe("INVALID_INPUT");
      const folder = await h.services.files.createFolder(owner.actor, owner.rootId, "dropbox");
      expect(await codeOf(shareLinks.createLink(owner.actor, folder.node.id, { mode: "upload", password: "pw", expiresAt: new Date(clock.now().getTime() + DAY) }))).toBe("FORBIDDEN");

      await settings.setSharePolicy(admin.actor, { publicLinks: false });
      expect(await codeOf(visitors.open(visitor(existing.token)))).toBe("NOT_FOUND");
      expect(await codeOf(shareLinks.createLink(owner.actor, f.id, { password: "pw", expiresAt: new Date(clock.now().getTime() + DAY) }))).toBe("FORBIDDEN");
    } finally {
      await settings.setSharePolicy(admin.actor, { publicLinks: true, requirePassword: false, maxExpiryDays: null, allowUploadLinks: true });
    }
    expect((await visitors.open(visitor(existing.token))).root.id).toBe(f.id);
    const created = await h.services.uow.repos.audit.recent({ action: "share.link.created" }, 100);
    expect(created.some((a) => a.targetId === String(existing.id) && a.actorId === owner.user.id)).toBe(true);
  });

  it("user search finds active users by name or email, never the caller", async () => {
    const me = await makeUser(h.services, { username: `searcher_${provider}` });
    await makeUser(h.services, { username: `Zelda_${provider}` });
    const found = await h.services.shareGrants.searchUsers(me.actor, `zELDA_${provider}`);
    expect(found.map((u) => u.username)).toEqual([`Zelda_${provider}`]);
    expect((await h.services.shareGrants.searchUsers(me.actor, `searcher_${provider}`)).length).toBe(0);
    expect(await codeOf(h.services.shareGrants.searchUsers(me.actor, " "))).toBe("INVALID_INPUT");
  });
});
