import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { JobWorker } from "@/lib/jobs/worker";
import { makeUser, putFile, readAll } from "../helpers/factories";
import { basicAuth, useNextcloudServer } from "../helpers/nextcloud-server";
import { providers } from "../helpers/services";
import { makeTeam } from "../helpers/teams";

const PROVIDERS = await providers();
const NS = 'xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"';
const PROPS = `<?xml version="1.0"?><d:propfind ${NS}><d:prop><oc:share-types/><oc:permissions/><oc:fileid/><nc:mount-type/></d:prop></d:propfind>`;
/** The media tab's query (Android's and iOS's): images and videos, newest first. */
const MEDIA_SEARCH =
  `<?xml version="1.0"?><d:searchrequest ${NS}><d:basicsearch><d:select><d:prop><d:getcontenttype/><oc:fileid/><oc:permissions/></d:prop></d:select>` +
  `<d:from><d:scope><d:href>/files/x</d:href><d:depth>infinity</d:depth></d:scope></d:from><d:where><d:or>` +
  `<d:like><d:prop><d:getcontenttype/></d:prop><d:literal>image/%</d:literal></d:like><d:like><d:prop><d:getcontenttype/></d:prop><d:literal>video/%</d:literal></d:like>` +
  `</d:or></d:where><d:orderby/><d:limit><d:nresults>50</d:nresults></d:limit></d:basicsearch></d:searchrequest>`;

/** One <d:response> per href, as href → inner XML. */
function responses(xml: string): Map<string, string> {
  return new Map([...xml.matchAll(/<d:response><d:href>([^<]+)<\/d:href>(.*?)<\/d:response>/gs)].map((m) => [decodeURIComponent(m[1]!), m[2]!]));
}
const shareTypes = (inner: string | undefined) => [...(inner ?? "").matchAll(/<oc:share-type>(\d)<\/oc:share-type>/g)].map((m) => Number(m[1]));
const permissions = (inner: string | undefined) => /<oc:permissions>([A-Z]*)<\/oc:permissions>/.exec(inner ?? "")?.[1];

/**
 * The Nextcloud surface for what is not the user's own: team spaces (as group folders) and shares, over the real
 * WebDAV adapter on a real database. The media SEARCH, oc:share-types, oc:permissions by team role, and the
 * trashbin and versions collections for team files; never anything the user cannot read.
 */
describe.each(PROVIDERS)("Nextcloud surface for teams and shares on %s", (provider) => {
  const server = useNextcloudServer(provider);

  const dav = (username: string, method: string, path: string, body = "", headers: Record<string, string> = {}) =>
    fetch(`${server.base}${path}`, { method, headers: { authorization: basicAuth(username), "content-type": "application/xml", ...headers }, body: body || undefined }).then(
      async (r) => ({ status: r.status, text: await r.text() }),
    );

  /** Owner A (team admin), viewer B, outsider C; a team photo, each one's own photo, a personal folder clashing with the team's name for B. */
  async function world() {
    const a = await makeUser(server.services);
    const b = await makeUser(server.services);
    const c = await makeUser(server.services);
    const team = await makeTeam(server.services, a.user.id, { members: [{ userId: b.user.id, role: "viewer" }] });
    const teamPhoto = await putFile(server.services, a.actor, team.rootId, "team.jpg", "jpeg-team");
    const aPhoto = await putFile(server.services, a.actor, a.rootId, "a.jpg", "jpeg-a");
    await putFile(server.services, b.actor, b.rootId, "b.jpg", "jpeg-b");
    await putFile(server.services, c.actor, c.rootId, "c.jpg", "jpeg-c");
    return { a, b, c, team, teamPhoto, aPhoto };
  }

  it("SEARCH (the media tab) lists the user's photos and its teams' under their team folders, never what it cannot read", async () => {
    const { a, b, c, team } = await world();
    // B has a personal folder of the team's name: the team shows as "<team> (team)", in PROPFIND and in SEARCH alike.
    await server.services.files.createFolder(b.actor, b.rootId, team.name);
    const filesOf = (u: typeof a) => `/remote.php/dav/files/${u.user.username}`;
    const found = async (u: typeof a) => {
      const res = await dav(u.user.username, "SEARCH", "/remote.php/dav/", MEDIA_SEARCH, { "content-type": "text/xml" });
      expect(res.status).toBe(207);
      return responses(res.text);
    };
    const forB = await found(b);
    expect([...forB.keys()].sort()).toEqual([`${filesOf(b)}/${team.name} (team)/team.jpg`, `${filesOf(b)}/b.jpg`].sort());
    // Each href is where PROPFIND finds the file, with the viewer's read-only permissions.
    const teamHref = `${filesOf(b)}/${encodeURIComponent(`${team.name} (team)`)}/team.jpg`;
    expect((await dav(b.user.username, "PROPFIND", teamHref, PROPS, { depth: "0" })).status).toBe(207);
    expect(permissions(forB.get(`${filesOf(b)}/${team.name} (team)/team.jpg`))).toBe("MG");
    const forA = await found(a);
    expect([...forA.keys()].sort()).toEqual([`${filesOf(a)}/${team.name}/team.jpg`, `${filesOf(a)}/a.jpg`].sort());
    expect([...(await found(c)).keys()]).toEqual([`${filesOf(c)}/c.jpg`]);
  });

  it("shares from another user's space are under \"Shared with me\": listed, readable, writable with edit, found by SEARCH", async () => {
    const { a, b, c, aPhoto } = await world();
    const folder = await server.services.files.createFolder(a.actor, a.rootId, "Album");
    await putFile(server.services, a.actor, folder.node.id, "inside.jpg", "jpeg-inside");
    await server.services.shareGrants.grant(a.actor, aPhoto.id, { userId: b.user.id, permission: "view" });
    await server.services.shareGrants.grant(a.actor, folder.node.id, { userId: b.user.id, permission: "edit" });
    const bRoot = `/remote.php/dav/files/${b.user.username}`;
    const shared = `${bRoot}/Shared%20with%20me`;
    const root = responses((await dav(b.user.username, "PROPFIND", `${bRoot}/`, PROPS, { depth: "1" })).text);
    expect(root.has(`${bRoot}/Shared with me/`)).toBe(true);
    const listing = responses((await dav(b.user.username, "PROPFIND", `${shared}/`, PROPS, { depth: "1" })).text);
    expect([...listing.keys()].sort()).toEqual([`${bRoot}/Shared with me/`, `${bRoot}/Shared with me/Album/`, `${bRoot}/Shared with me/a.jpg`].sort());
    expect(permissions(listing.get(`${bRoot}/Shared with me/a.jpg`))).toBe("SG");
    expect((await dav(b.user.username, "GET", `${shared}/Album/inside.jpg`)).text).toBe("jpeg-inside");
    // Edit rights: B adds a file into the shared folder, which lands in A's folder; the view-only file stays read-only.
    expect((await dav(b.user.username, "PUT", `${shared}/Album/from-b.jpg`, "jpeg-from-b")).status).toBe(201);
    expect((await server.services.files.resolvePath(a.actor, folder.node.id, ["from-b.jpg"])).node).not.toBeNull();
    expect((await dav(b.user.username, "PUT", `${shared}/a.jpg`, "overwrite")).status).toBeGreaterThanOrEqual(403);
    expect((await dav(b.user.username, "GET", `${shared}/a.jpg`)).text).toBe("jpeg-a");
    const found = responses((await dav(b.user.username, "SEARCH", "/remote.php/dav/", MEDIA_SEARCH, { "content-type": "text/xml" })).text);
    expect([...found.keys()].filter((href) => href.includes("Shared with me")).sort()).toEqual(
      [`${bRoot}/Shared with me/Album/from-b.jpg`, `${bRoot}/Shared with me/Album/inside.jpg`, `${bRoot}/Shared with me/a.jpg`].sort(),
    );
    // Someone nothing is shared with has no such folder; nor can it reach B's.
    const cRoot = `/remote.php/dav/files/${c.user.username}`;
    expect(responses((await dav(c.user.username, "PROPFIND", `${cRoot}/`, PROPS, { depth: "1" })).text).has(`${cRoot}/Shared with me/`)).toBe(false);
    expect((await dav(c.user.username, "PROPFIND", `${cRoot}/Shared%20with%20me/`, PROPS, { depth: "0" })).status).toBe(404);
    expect((await dav(c.user.username, "GET", `${shared}/a.jpg`)).status).toBe(403);
  });

  it("a file shared alone with edit rights takes PUT and a chunked upload from the apps; a view-only one stays read-only", async () => {
    const { a, b } = await world();
    const doc = await putFile(server.services, a.actor, a.rootId, "doc.txt", "one");
    const memo = await putFile(server.services, a.actor, a.rootId, "memo.txt", "memo");
    await server.services.shareGrants.grant(a.actor, doc.id, { userId: b.user.id, permission: "edit" });
    await server.services.shareGrants.grant(a.actor, memo.id, { userId: b.user.id, permission: "view" });
    const bRoot = `/remote.php/dav/files/${b.user.username}`;
    const shared = `${bRoot}/Shared%20with%20me`;
    const content = async (id: number) => (await readAll(await (await server.services.downloads.openFile(a.actor, id)).open())).toString();
    const listing = responses((await dav(b.user.username, "PROPFIND", `${shared}/`, PROPS, { depth: "1" })).text);
    expect(permissions(listing.get(`${bRoot}/Shared with me/doc.txt`))).toContain("W");
    expect(permissions(listing.get(`${bRoot}/Shared with me/memo.txt`))).not.toContain("W");
    // PUT saves a new version of A's file, in A's space.
    expect((await dav(b.user.username, "PUT", `${shared}/doc.txt`, "two")).status).toBe(204);
    expect(await content(doc.id)).toBe("two");
    // The desktop client's chunked upload (v2): MKCOL with the destination, a chunk, MOVE of .file onto the file.
    const uploads = `/remote.php/dav/uploads/${b.user.username}/up1`;
    const dest = { destination: `${server.base}${shared}/doc.txt` };
    expect((await dav(b.user.username, "MKCOL", uploads, "", { ...dest, "oc-total-length": "5" })).status).toBe(201);
    expect((await dav(b.user.username, "PUT", `${uploads}/1`, "three", dest)).status).toBe(201);
    expect((await dav(b.user.username, "MOVE", `${uploads}/.file`, "", { ...dest, "oc-total-length": "5" })).status).toBe(204);
    expect(await content(doc.id)).toBe("three");
    expect((await server.services.files.resolvePath(a.actor, a.rootId, ["doc.txt"])).node?.node.id).toBe(doc.id);
    // View only: both refused with a clear message, nothing changed, no reservation left behind.
    const put = await dav(b.user.username, "PUT", `${shared}/memo.txt`, "changed");
    expect(put.status).toBe(403);
    expect(put.text).toContain("may view this item but not change it");
    const viewDest = { destination: `${server.base}${shared}/memo.txt` };
    const refused = await dav(b.user.username, "MKCOL", `/remote.php/dav/uploads/${b.user.username}/up2`, "", { ...viewDest, "oc-total-length": "7" });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("may view this item but not change it");
    expect((await dav(b.user.username, "MOVE", `/remote.php/dav/uploads/${b.user.username}/up2/.file`, "", viewDest)).status).toBe(404);
    expect(await content(memo.id)).toBe("memo");
    expect((await server.services.spaces.personalSpace(a.user.id)).reservedBytes).toBe(0);
  });

  it("oc:share-types tells user (0), team (1) and public link (3) shares apart; permissions follow the team role", async () => {
    const { a, b, c, team, aPhoto } = await world();
    const other = await makeTeam(server.services, a.user.id);
    const toUser = await putFile(server.services, a.actor, a.rootId, "to-user.txt", "u");
    const toTeam = await putFile(server.services, a.actor, a.rootId, "to-team.txt", "t");
    await server.services.shareGrants.grant(a.actor, toUser.id, { userId: c.user.id, permission: "view" });
    await server.services.shareGrants.grant(a.actor, toTeam.id, { teamId: other.spaceId, permission: "edit" });
    await server.services.shareLinks.createLink(a.actor, aPhoto.id, {});
    await server.services.shareGrants.grant(a.actor, aPhoto.id, { userId: c.user.id, permission: "view" });
    const root = `/remote.php/dav/files/${a.user.username}`;
    const listing = await dav(a.user.username, "PROPFIND", `${root}/`, PROPS, { depth: "1" });
    expect(listing.status).toBe(207);
    const r = responses(listing.text);
    expect(shareTypes(r.get(`${root}/to-user.txt`))).toEqual([0]);
    expect(shareTypes(r.get(`${root}/to-team.txt`))).toEqual([1]);
    expect(shareTypes(r.get(`${root}/a.jpg`))).toEqual([0, 3]);
    expect(r.get(`${root}/`)).toContain("<oc:share-types/>");
    // The admin may do everything in the team folder; the viewer may only read it and its files.
    expect(permissions(r.get(`${root}/${team.name}/`))).toBe("RMGDNVCK");
    const bRoot = `/remote.php/dav/files/${b.user.username}`;
    const forB = responses((await dav(b.user.username, "PROPFIND", `${bRoot}/${encodeURIComponent(team.name)}/`, PROPS, { depth: "1" })).text);
    expect(permissions(forB.get(`${bRoot}/${team.name}/`))).toBe("MG");
    expect(permissions(forB.get(`${bRoot}/${team.name}/team.jpg`))).toBe("MG");
    expect(forB.get(`${bRoot}/${team.name}/team.jpg`)).toContain("<nc:mount-type>group</nc:mount-type>");
    // A viewer cannot write there over WebDAV either.
    expect((await dav(b.user.username, "PUT", `${bRoot}/${encodeURIComponent(team.name)}/new.txt`, "x")).status).toBe(403);
  });

  it("oc:permissions has S in and under \"Shared with me\" and M on team folders and their contents, as nc:mount-type says", async () => {
    const { a, b, team } = await world();
    const album = await server.services.files.createFolder(a.actor, a.rootId, "Album");
    await putFile(server.services, a.actor, album.node.id, "inside.txt", "in");
    const doc = await putFile(server.services, a.actor, a.rootId, "doc.txt", "doc");
    await server.services.shareGrants.grant(a.actor, album.node.id, { userId: b.user.id, permission: "edit" });
    await server.services.shareGrants.grant(a.actor, doc.id, { userId: b.user.id, permission: "view" });
    const teamFolder = await server.services.files.createFolder(a.actor, team.rootId, "Plans");
    await putFile(server.services, a.actor, teamFolder.node.id, "plan.txt", "plan");
    const bRoot = `/remote.php/dav/files/${b.user.username}`;
    const find = async (path: string, depth = "1") => {
      const res = await dav(b.user.username, "PROPFIND", path, PROPS, { depth });
      expect(res.status).toBe(207);
      return responses(res.text);
    };
    const mountType = (inner: string | undefined) => /<nc:mount-type>([a-z]*)<\/nc:mount-type>|<nc:mount-type\/>/.exec(inner ?? "")?.[1] ?? "";
    // At the root: B's own file has neither; "Shared with me" is B's own folder; the team's folder is mounted.
    const root = await find(`${bRoot}/`);
    expect(permissions(root.get(`${bRoot}/b.jpg`))).toBe("RGDNVW");
    expect(permissions(root.get(`${bRoot}/Shared with me/`))).toBe("G");
    expect(permissions(root.get(`${bRoot}/${team.name}/`))).toBe("MG");
    expect(mountType(root.get(`${bRoot}/${team.name}/`))).toBe("group");
    // Every share in it, and everything below a shared folder, is S (edit rights add their write letters).
    const shared = await find(`${bRoot}/Shared%20with%20me/`);
    expect(permissions(shared.get(`${bRoot}/Shared with me/Album/`))).toBe("SGCK");
    expect(permissions(shared.get(`${bRoot}/Shared with me/doc.txt`))).toBe("SG");
    expect(mountType(shared.get(`${bRoot}/Shared with me/doc.txt`))).toBe("shared");
    const album2 = await find(`${bRoot}/Shared%20with%20me/Album/`);
    expect(permissions(album2.get(`${bRoot}/Shared with me/Album/`))).toBe("SGCK");
    // Below the shared folder the edit grant also gives delete (rename, move), which it does not on the folder itself:
    // a child carries its own rights, in a listing as on its own and in SEARCH.
    expect(permissions(album2.get(`${bRoot}/Shared with me/Album/inside.txt`))).toBe("SGDNVW");
    expect(permissions((await find(`${bRoot}/Shared%20with%20me/Album/inside.txt`, "0")).get(`${bRoot}/Shared with me/Album/inside.txt`))).toBe("SGDNVW");
    expect(permissions((await find(`${bRoot}/Shared%20with%20me/doc.txt`, "0")).get(`${bRoot}/Shared with me/doc.txt`))).toBe("SG");
    // Inside the team: its folders and files are M, for the viewer as for the admin.
    const inside = await find(`${bRoot}/${encodeURIComponent(team.name)}/Plans/`);
    expect(permissions(inside.get(`${bRoot}/${team.name}/Plans/`))).toBe("MG");
    expect(permissions(inside.get(`${bRoot}/${team.name}/Plans/plan.txt`))).toBe("MG");
    const aRoot = `/remote.php/dav/files/${a.user.username}`;
    const forA = responses((await dav(a.user.username, "PROPFIND", `${aRoot}/${encodeURIComponent(team.name)}/Plans/`, PROPS, { depth: "1" })).text);
    expect(permissions(forA.get(`${aRoot}/${team.name}/Plans/plan.txt`))).toBe("RMGDNVW");
    // SEARCH gives the same letters as PROPFIND at each href.
    await putFile(server.services, a.actor, album.node.id, "pic.jpg", "jpeg");
    const found = responses((await dav(b.user.username, "SEARCH", "/remote.php/dav/", MEDIA_SEARCH, { "content-type": "text/xml" })).text);
    expect(permissions(found.get(`${bRoot}/Shared with me/Album/pic.jpg`))).toBe("SGDNVW");
    expect(permissions(found.get(`${bRoot}/${team.name}/team.jpg`))).toBe("MG");
    expect(permissions(found.get(`${bRoot}/b.jpg`))).toBe("RGDNVW");
  });

  it("a bulk upload answers each file's permissions as PROPFIND gives them there: S below a share, M in a team, the file's own rights", async () => {
    const { a, b, team } = await world();
    const album = await server.services.files.createFolder(a.actor, a.rootId, "Album");
    await server.services.shareGrants.grant(a.actor, album.node.id, { userId: b.user.id, permission: "edit" });
    const teamFolder = await server.services.files.createFolder(a.actor, team.rootId, "Plans");
    const bulk = async (username: string, paths: string[]) => {
      const boundary = "bulk_perm";
      const body = paths.map((p) => `--${boundary}\r\nX-File-Path: ${p}\r\nContent-Length: 4\r\n\r\ndata\r\n`).join("") + `--${boundary}--\r\n`;
      const res = await fetch(`${server.base}/remote.php/dav/bulk`, { method: "POST", headers: { authorization: basicAuth(username), "content-type": `multipart/related; boundary=${boundary}` }, body });
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, { error: boolean; permissions?: string }>;
    };
    const propfindPermissions = async (username: string, href: string) => permissions(responses((await dav(username, "PROPFIND", encodeURI(href), PROPS, { depth: "0" })).text).get(href));
    const bRoot = `/remote.php/dav/files/${b.user.username}`;
    const aRoot = `/remote.php/dav/files/${a.user.username}`;
    const fromB = await bulk(b.user.username, ["/Shared with me/Album/one.txt", "/Shared with me/Album/two.bin", "/own.txt"]);
    expect(fromB["/Shared with me/Album/one.txt"]).toMatchObject({ error: false, permissions: "SGDNVW" });
    expect(fromB["/Shared with me/Album/two.bin"]).toMatchObject({ error: false, permissions: "SGDNVW" });
    expect(fromB["/own.txt"]).toMatchObject({ error: false, permissions: "RGDNVW" });
    expect(await propfindPermissions(b.user.username, `${bRoot}/Shared with me/Album/one.txt`)).toBe("SGDNVW");
    const fromA = await bulk(a.user.username, [`/${team.name}/Plans/plan.txt`]);
    expect(fromA[`/${team.name}/Plans/plan.txt`]).toMatchObject({ error: false, permissions: "RMGDNVW" });
    expect(await propfindPermissions(a.user.username, `${aRoot}/${team.name}/Plans/plan.txt`)).toBe("RMGDNVW");
    expect((await server.services.files.resolvePath(a.actor, teamFolder.node.id, ["plan.txt"])).node).not.toBeNull();
    // What the letters say holds: B may delete a file below the shared folder, but not the shared folder itself.
    expect((await dav(b.user.username, "DELETE", `${bRoot}/Shared%20with%20me/Album/two.bin`)).status).toBe(204);
    expect((await dav(b.user.username, "DELETE", `${bRoot}/Shared%20with%20me/Album/`)).status).toBe(403);
  });

  it("the trashbin lists a team's deleted files under the team folder for its members, restores them, and hides them from others", async () => {
    const { a, b, c, team } = await world();
    const doomed = await putFile(server.services, a.actor, team.rootId, "doomed.txt", "bye");
    await server.services.trash.trash(a.actor, [doomed.id]);
    const listOf = async (u: typeof a) => {
      const res = await dav(u.user.username, "PROPFIND", `/remote.php/dav/trashbin/${u.user.username}/trash/`, "", { depth: "1" });
      expect(res.status).toBe(207);
      return [...res.text.matchAll(/<nc:trashbin-original-location>([^<]+)<\/nc:trashbin-original-location>/g)].map((m) => m[1]);
    };
    expect(await listOf(a)).toEqual([`${team.name}/doomed.txt`]);
    expect(await listOf(c)).toEqual([]);
    const item = /<d:href>([^<]*\/trash\/doomed\.txt\.d[^<]+)<\/d:href>/.exec((await dav(a.user.username, "PROPFIND", `/remote.php/dav/trashbin/${a.user.username}/trash/`, "", { depth: "1" })).text)![1]!;
    // Neither an outsider nor a viewer restores it; the team admin does.
    const restore = (u: typeof a) => dav(u.user.username, "MOVE", item.replace(a.user.username, u.user.username), "", { destination: `${server.base}/remote.php/dav/trashbin/${u.user.username}/restore/doomed.txt` });
    expect((await restore(c)).status).toBeGreaterThanOrEqual(403);
    expect((await restore(b)).status).toBeGreaterThanOrEqual(403);
    expect((await restore(a)).status).toBe(201);
    expect((await server.services.files.resolvePath(a.actor, team.rootId, ["doomed.txt"])).node?.node.id).toBe(doomed.id);
  });

  it("emptying the trashbin purges all it lists (own trash, teams where the user may purge) and leaves the rest", async () => {
    const { a, b, c, team } = await world();
    // B is a viewer of `team` and an editor of `edited`: it may purge the second's trash, not the first's.
    const edited = await makeTeam(server.services, a.user.id, { members: [{ userId: b.user.id, role: "editor" }] });
    const mine = await putFile(server.services, b.actor, b.rootId, "mine.txt", "m");
    const inEdited = await putFile(server.services, a.actor, edited.rootId, "edited.txt", "e");
    const inViewed = await putFile(server.services, a.actor, team.rootId, "viewed.txt", "v");
    const theirs = await putFile(server.services, c.actor, c.rootId, "theirs.txt", "c");
    await server.services.trash.trash(b.actor, [mine.id]);
    await server.services.trash.trash(a.actor, [inEdited.id, inViewed.id]);
    await server.services.trash.trash(c.actor, [theirs.id]);
    const trash = (u: typeof a) => `/remote.php/dav/trashbin/${u.user.username}/trash/`;
    const listed = async (u: typeof a) =>
      [...(await dav(u.user.username, "PROPFIND", trash(u), "", { depth: "1" })).text.matchAll(/<nc:trashbin-original-location>([^<]+)</g)].map((m) => m[1]).sort();
    expect(await listed(b)).toEqual([`${edited.name}/edited.txt`, "mine.txt"].sort());
    expect((await dav(b.user.username, "DELETE", trash(b))).status).toBe(204);
    expect(await listed(b)).toEqual([]);
    for (const gone of [mine, inEdited]) expect(await server.services.uow.repos.nodes.findById(gone.id)).toBeNull();
    // What B may not purge is left: the viewed team's trash (its admin still sees it), another user's trash.
    expect(await listed(a)).toEqual([`${team.name}/viewed.txt`]);
    expect(await listed(c)).toEqual(["theirs.txt"]);
    // The service names what it left when asked to purge what the user may not.
    expect(await server.services.trash.purgeWhereAllowed(b.actor, [inViewed.id, theirs.id])).toEqual([inViewed.id, theirs.id]);
    expect((await server.services.uow.repos.nodes.findById(inViewed.id))?.trashedAt).not.toBeNull();
  });

  it("previews and the OCS share API reach team files by id and by team path, and files shared with the user by id, never others'", async () => {
    const { a, b, c, team, aPhoto } = await world();
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3c5ac8" } }).png().toBuffer();
    const teamImage = await putFile(server.services, a.actor, team.rootId, "pic.png", png);
    const sharedImage = await putFile(server.services, a.actor, a.rootId, "shared.png", png);
    await server.services.shareGrants.grant(a.actor, sharedImage.id, { userId: b.user.id, permission: "view" });
    const worker = new JobWorker(server.services.uow, server.services.clock);
    registerJobHandlers(worker, server.services);
    while ((await worker.runDue()) > 0);
    const get = (u: typeof a, path: string) =>
      fetch(`${server.base}${path}`, { headers: { authorization: basicAuth(u.user.username), "OCS-APIREQUEST": "true" } });
    const teamPath = encodeURIComponent(`/${team.name}/pic.png`);
    for (const path of [`/index.php/core/preview?fileId=${teamImage.id}&x=64&y=64`, `/index.php/core/preview.png?file=${teamPath}&x=64&y=64`, `/index.php/apps/files/api/v1/thumbnail/64/64/${encodeURIComponent(team.name)}/pic.png`]) {
      const ok = await get(b, path);
      expect(ok.status, path).toBe(200);
      expect(ok.headers.get("content-type")).toMatch(/^image\//);
      expect((await get(c, path)).status, path).toBe(404);
    }
    expect((await get(b, `/index.php/core/preview?fileId=${sharedImage.id}&x=64&y=64`)).status).toBe(200);
    expect((await get(c, `/index.php/core/preview?fileId=${sharedImage.id}&x=64&y=64`)).status).toBe(404);
    expect((await get(c, `/index.php/core/preview?fileId=${aPhoto.id}&x=64&y=64`)).status).toBe(404);
    // OCS shares on a team path: the admin shares it by link (the path comes back as the tree shows it); a viewer may not.
    const ocs = (u: typeof a, method: string, path: string, body?: Record<string, string>) =>
      fetch(`${server.base}/ocs/v2.php/apps/files_sharing/api/v1/shares${path}${path.includes("?") ? "&" : "?"}format=json`, {
        method,
        headers: { authorization: basicAuth(u.user.username), "OCS-APIREQUEST": "true", ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
        body: body ? new URLSearchParams(body).toString() : undefined,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { ocs: { data: { path?: string; share_type?: number }[] | { path?: string; share_type?: number } } } }));
    const created = await ocs(a, "POST", "", { path: `/${team.name}/pic.png`, shareType: "3" });
    expect(created.status).toBe(200);
    expect(created.body.ocs.data).toMatchObject({ share_type: 3, path: `/${team.name}/pic.png` });
    const listed = await ocs(a, "GET", `?path=${teamPath}`);
    expect((listed.body.ocs.data as { path?: string }[]).map((s) => s.path)).toEqual([`/${team.name}/pic.png`]);
    expect((await ocs(b, "POST", "", { path: `/${team.name}/pic.png`, shareType: "3" })).status).toBe(403);
    expect((await ocs(c, "POST", "", { path: `/${team.name}/pic.png`, shareType: "3" })).status).toBe(404);
  });

  it("versions of a team file are listed and served to a member, not to an outsider", async () => {
    const { a, b, c, team } = await world();
    const file = await putFile(server.services, a.actor, team.rootId, "v.txt", "one");
    await putFile(server.services, a.actor, team.rootId, "v.txt", "two", { onConflict: "replace" });
    const list = await dav(b.user.username, "PROPFIND", `/remote.php/dav/versions/${b.user.username}/versions/${file.id}/`, "", { depth: "1" });
    expect(list.status).toBe(207);
    const versions = [...list.text.matchAll(/<d:href>[^<]*\/versions\/\d+\/(\d+)<\/d:href>/g)].map((m) => m[1]!);
    expect(versions.length).toBe(2);
    const bodies = await Promise.all(versions.map(async (v) => (await dav(b.user.username, "GET", `/remote.php/dav/versions/${b.user.username}/versions/${file.id}/${v}`)).text));
    expect(bodies.sort()).toEqual(["one", "two"]);
    expect((await dav(c.user.username, "PROPFIND", `/remote.php/dav/versions/${c.user.username}/versions/${file.id}/`, "", { depth: "1" })).status).toBe(404);
  });
});
