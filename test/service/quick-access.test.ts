import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleWebdav } from "@/server/webdav";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { statementCounter } from "../helpers/statement-counter";

const PROVIDERS = await providers();

const OC = "http://owncloud.org/ns";
const favoriteBody = (value: string) =>
  `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:oc="${OC}"><d:set><d:prop><oc:favorite>${value}</oc:favorite></d:prop></d:set></d:propertyupdate>`;
const PROPFIND_FAVORITE = `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="${OC}"><d:prop><oc:favorite/><oc:fileid/></d:prop></d:propfind>`;

/** Favourites (also as WebDAV oc:favorite), tags, comments, recent files and activity streams, under the access rule. */
describe.each(PROVIDERS)("quick access on %s", (provider) => {
  let h: TestHarness;
  let server: http.Server;
  let base: string;
  const clock = new TestClock();
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    server = http.createServer((req, res) => void handleWebdav(req, res, new URL(req.url ?? "/", "http://haven.local"), h.services));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  const basic = (username: string) => `Basic ${Buffer.from(`${username}:correct horse battery`).toString("base64")}`;
  const dav = (username: string, method: string, path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method, headers: { authorization: basic(username), "content-type": "application/xml", ...headers }, body });

  it("stars over WebDAV (oc:favorite, PROPPATCH 0/1) into the same table the web UI reads, per user", async () => {
    const owner = await makeUser(h.services);
    const file = await putFile(h.services, owner.actor, owner.rootId, "star.txt", "s");
    await putFile(h.services, owner.actor, owner.rootId, "plain.txt", "p");

    const set = await dav(owner.user.username, "PROPPATCH", "/dav/star.txt", favoriteBody("1"));
    expect(set.status).toBe(207);
    expect(await set.text()).toMatch(/<d:status>HTTP\/1.1 200 OK<\/d:status>/);
    expect((await h.services.favorites.list(owner.actor)).map((e) => e.node.id)).toEqual([file.id]);

    const listing = await (await dav(owner.user.username, "PROPFIND", "/dav/", PROPFIND_FAVORITE, { depth: "1" })).text();
    const favoriteOf = (name: string) => new RegExp(`<d:href>/dav/${name}</d:href>.*?<oc:favorite>(\\d)</oc:favorite>`, "s").exec(listing)?.[1];
    expect(favoriteOf("star.txt")).toBe("1");
    expect(favoriteOf("plain.txt")).toBe("0");

    // Someone the file is shared with stars it for themselves only; the owner's star is untouched.
    const friend = await makeUser(h.services);
    await h.services.shareGrants.grant(owner.actor, file.id, { userId: friend.user.id, permission: "view" });
    await h.services.favorites.set(friend.actor, file.id, true);
    expect((await h.services.favorites.list(friend.actor)).map((e) => e.node.id)).toEqual([file.id]);
    expect((await dav(owner.user.username, "PROPPATCH", "/dav/star.txt", favoriteBody("0"))).status).toBe(207);
    expect(await h.services.favorites.list(owner.actor)).toEqual([]);
    expect(await h.services.favorites.list(friend.actor)).toHaveLength(1);

    // Not 0 or 1: refused, nothing changes. Live properties other than the star stay protected.
    expect((await dav(owner.user.username, "PROPPATCH", "/dav/star.txt", favoriteBody("yes"))).status).toBe(400);
    const live = `<d:propertyupdate xmlns:d="DAV:" xmlns:oc="${OC}"><d:set><d:prop><oc:favorite>1</oc:favorite><oc:fileid>9</oc:fileid></d:prop></d:set></d:propertyupdate>`;
    expect(await (await dav(owner.user.username, "PROPPATCH", "/dav/star.txt", live)).text()).toMatch(/403 Forbidden/);
    expect(await h.services.favorites.list(owner.actor)).toEqual([]);

    // A stranger can neither star nor learn of it; revoking the share drops it from the friend's list.
    const stranger = await makeUser(h.services);
    await expect(h.services.favorites.set(stranger.actor, file.id, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [grant] = await h.services.uow.repos.shares.grantsOnNode(file.id);
    await h.services.shareGrants.revokeGrant(owner.actor, grant!.id);
    expect(await h.services.favorites.list(friend.actor)).toEqual([]);
  });

  it("tags: per user, unique names, rename, recolour, delete; filtered by every chosen tag, readable items only", async () => {
    const owner = await makeUser(h.services);
    const a = await putFile(h.services, owner.actor, owner.rootId, "a.txt", "a");
    const b = await putFile(h.services, owner.actor, owner.rootId, "b.txt", "b");
    const tags = h.services.tags;
    const red = await tags.create(owner.actor, { name: " urgent ", color: "red" });
    const blue = await tags.create(owner.actor, { name: "work", color: "blue" });
    expect(red.name).toBe("urgent");
    await expect(tags.create(owner.actor, { name: "urgent", color: "green" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(tags.create(owner.actor, { name: "x", color: "plaid" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(tags.create(owner.actor, { name: "  ", color: "red" })).rejects.toMatchObject({ code: "INVALID_NAME" });
    await tags.setOnNode(owner.actor, red.id, a.id, true);
    await tags.setOnNode(owner.actor, red.id, b.id, true);
    await tags.setOnNode(owner.actor, blue.id, b.id, true);
    expect((await tags.taggedItems(owner.actor, [red.id])).map((e) => e.node.name).sort()).toEqual(["a.txt", "b.txt"]);
    expect((await tags.taggedItems(owner.actor, [red.id, blue.id])).map((e) => e.node.name)).toEqual(["b.txt"]);
    expect((await tags.taggedItems(owner.actor, [red.id], [a.id])).map((e) => e.node.name)).toEqual(["a.txt"]);
    expect(await h.services.uow.repos.tags.nodeIdsWithTags(owner.actor.userId, [red.id, blue.id])).toEqual([b.id]);

    const renamed = await tags.update(owner.actor, red.id, { name: "later", color: "amber" });
    expect(renamed).toMatchObject({ name: "later", color: "amber" });
    expect((await tags.list(owner.actor)).map((t) => [t.name, t.count])).toEqual([["later", 2], ["work", 1]]);

    // Another user can neither see nor use the tag, nor tag what it cannot read.
    const other = await makeUser(h.services);
    await expect(tags.setOnNode(other.actor, red.id, a.id, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const mine = await tags.create(other.actor, { name: "later", color: "gray" });
    await expect(tags.setOnNode(other.actor, mine.id, a.id, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await h.services.marks.marksOf(other.actor, [a.id])).size).toBe(0);

    // Trashed items leave the filter; deleting the tag takes it off everything.
    await h.services.trash.trash(owner.actor, [a.id]);
    expect((await tags.taggedItems(owner.actor, [red.id])).map((e) => e.node.name)).toEqual(["b.txt"]);
    await tags.delete(owner.actor, red.id);
    expect((await h.services.marks.marksOf(owner.actor, [b.id])).get(b.id)?.tags.map((t) => t.name)).toEqual(["work"]);
  });

  it("row marks: star, tags and 'shared' for a page in a fixed number of queries", async () => {
    const owner = await makeUser(h.services);
    const friend = await makeUser(h.services);
    const files = await Promise.all(["m1", "m2", "m3", "m4"].map((n) => putFile(h.services, owner.actor, owner.rootId, n, n)));
    await h.services.shareGrants.grant(owner.actor, files[0]!.id, { userId: friend.user.id, permission: "view" });
    await h.services.shareLinks.createLink(owner.actor, files[1]!.id, {});
    const revoked = await h.services.shareLinks.createLink(owner.actor, files[2]!.id, {});
    await h.services.shareLinks.revokeLink(owner.actor, revoked.link.id);
    await h.services.favorites.set(owner.actor, files[3]!.id, true);
    const marks = await h.services.marks.marksOf(owner.actor, files.map((f) => f.id));
    expect(files.map((f) => marks.get(f.id)?.shared)).toEqual([true, true, false, false]);
    expect(files.map((f) => marks.get(f.id)?.favorite)).toEqual([false, false, false, true]);

    // Never one query per row: a page of 40 costs what a page of 4 does.
    const more = [...files];
    for (let i = 0; i < 36; i++) more.push(await putFile(h.services, owner.actor, owner.rootId, `n${i}`, "n"));
    const counter = statementCounter();
    try {
      // Once first, so both measured pages find the same reads remembered (SqliteReader.getRemembered: the owner's role).
      await h.services.marks.marksOf(owner.actor, files.map((f) => f.id));
      const small = await counter.measure(async () => void (await h.services.marks.marksOf(owner.actor, files.map((f) => f.id))));
      const large = await counter.measure(async () => void (await h.services.marks.marksOf(owner.actor, more.map((f) => f.id))));
      expect(large.count, large.log.join("\n")).toBe(small.count);
    } finally {
      counter.restore();
    }
  });

  it("comments: everyone who can read the file; authors edit their own; the space owner may delete any", async () => {
    const owner = await makeUser(h.services);
    const friend = await makeUser(h.services);
    const file = await putFile(h.services, owner.actor, owner.rootId, "c.txt", "c");
    await h.services.shareGrants.grant(owner.actor, file.id, { userId: friend.user.id, permission: "view" });
    const comments = h.services.comments;
    const mine = await comments.add(owner.actor, file.id, "Please check 第二节");
    const theirs = await comments.add(friend.actor, file.id, "Looks good");
    await expect(comments.add(friend.actor, file.id, "   ")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const seen = await comments.list(friend.actor, file.id);
    expect(seen.map((c) => [c.body, c.canEdit, c.canDelete])).toEqual([["Please check 第二节", false, false], ["Looks good", true, true]]);
    await expect(comments.edit(friend.actor, mine.id, "changed")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(comments.delete(friend.actor, mine.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await comments.edit(friend.actor, theirs.id, "Looks great")).editedAt).not.toBeNull();
    await comments.delete(owner.actor, theirs.id);
    expect((await comments.list(owner.actor, file.id)).map((c) => c.body)).toEqual(["Please check 第二节"]);
    const stranger = await makeUser(h.services);
    await expect(comments.list(stranger.actor, file.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(comments.delete(stranger.actor, mine.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("recent: files opened or changed lately, newest first, readable and live only", async () => {
    const owner = await makeUser(h.services);
    const folder = await h.services.files.createFolder(owner.actor, owner.rootId, "dir");
    const old = await putFile(h.services, owner.actor, owner.rootId, "old.txt", "o");
    clock.advance(60_000);
    const fresh = await putFile(h.services, owner.actor, folder.node.id, "fresh.txt", "f");
    clock.advance(60_000);
    await readAll(await (await h.services.downloads.openFile(owner.actor, old.id, undefined, { opened: true })).open());
    expect((await h.services.recent.list(owner.actor)).map((e) => [e.node.name, e.reason])).toEqual([["old.txt", "opened"], ["fresh.txt", "changed"]]);
    await h.services.trash.trash(owner.actor, [old.id]);
    expect((await h.services.recent.list(owner.actor)).map((e) => e.node.name)).toEqual(["fresh.txt"]);
    // Someone else's uploads and opens are not in my list; a download without `opened` (WebDAV GET) is not recorded.
    const other = await makeUser(h.services);
    const theirs = await putFile(h.services, other.actor, other.rootId, "theirs.txt", "t");
    await h.services.downloads.openFile(other.actor, theirs.id);
    expect(await h.services.recent.list(other.actor)).toHaveLength(1);
    expect((await h.services.recent.list(owner.actor)).map((e) => e.node.name)).toEqual(["fresh.txt"]);
  });

  it("activity: created, edited, renamed, moved, shared, deleted, restored, by whom; never what the reader may not see", async () => {
    const owner = await makeUser(h.services);
    const friend = await makeUser(h.services);
    const stranger = await makeUser(h.services);
    const shared = await h.services.files.createFolder(owner.actor, owner.rootId, "shared");
    const secret = await putFile(h.services, owner.actor, owner.rootId, "secret.txt", "s");
    const doc = await putFile(h.services, owner.actor, owner.rootId, "doc.txt", "v1");
    await putFile(h.services, owner.actor, owner.rootId, "doc.txt", "v2", { onConflict: "replace" });
    await h.services.files.rename(owner.actor, doc.id, "report.txt");
    await h.services.files.move(owner.actor, [doc.id], shared.node.id);
    await h.services.shareGrants.grant(owner.actor, shared.node.id, { userId: friend.user.id, permission: "edit" });
    await h.services.shareLinks.createLink(owner.actor, doc.id, {});
    await h.services.trash.trash(owner.actor, [secret.id]);
    await h.services.trash.restore(owner.actor, [secret.id]);

    const forDoc = await h.services.activity.forNode(owner.actor, doc.id, null);
    expect(forDoc.items.map((i) => i.action)).toEqual(["share.link.created", "node.moved", "node.renamed", "node.edited", "node.created"]);
    expect(forDoc.items.every((i) => i.actorId === owner.user.id && i.actorName === owner.user.displayName)).toBe(true);
    expect(forDoc.items.find((i) => i.action === "node.renamed")?.details).toEqual({ from: "doc.txt", to: "report.txt" });

    // The friend reads the shared folder: its events show, except the link, which it neither made nor may manage.
    const friendView = await h.services.activity.forNode(friend.actor, doc.id, null);
    expect(friendView.items.map((i) => i.action)).toEqual(["node.moved", "node.renamed", "node.edited", "node.created"]);
    const friendStream = await h.services.activity.forUser(friend.actor, null);
    expect(friendStream.items.map((i) => [i.action, i.node.name])).toEqual([
      ["share.grant.created", "shared"],
      ["node.moved", "report.txt"],
      ["node.renamed", "report.txt"],
      ["node.edited", "report.txt"],
      ["node.created", "report.txt"],
      ["node.created", "shared"],
    ]);
    expect(JSON.stringify(friendStream.items)).not.toContain("secret");
    await expect(h.services.activity.forNode(friend.actor, secret.id, null)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // The owner sees everything, the friend's own changes included; a stranger sees nothing of it.
    await putFile(h.services, friend.actor, shared.node.id, "from-friend.txt", "f");
    const ownerStream = await h.services.activity.forUser(owner.actor, null);
    expect(ownerStream.items[0]).toMatchObject({ action: "node.created", actorId: friend.user.id, node: { name: "from-friend.txt" } });
    expect(ownerStream.items.map((i) => i.action)).toEqual(expect.arrayContaining(["node.deleted", "node.restored", "share.link.created"]));
    expect((await h.services.activity.forUser(stranger.actor, null)).items).toEqual([]);

    // Revoking the share hides the folder's history from the friend at once.
    const [grant] = await h.services.uow.repos.shares.grantsOnNode(shared.node.id);
    await h.services.shareGrants.revokeGrant(owner.actor, grant!.id);
    expect((await h.services.activity.forUser(friend.actor, null)).items).toEqual([]);
  });
});
