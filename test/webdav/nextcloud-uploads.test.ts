import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HavenProcess } from "../helpers/haven-server";
import { startDav, type DavClient } from "./dav-client";

const sha1 = (b: Buffer | string) => createHash("sha1").update(b).digest("hex");
const md5 = (b: Buffer | string) => createHash("md5").update(b).digest("hex");

/** Nextcloud's upload protocols over HTTP: chunked v2, bulk, the refusal of v1 chunks, write headers, mtimes. */
describe("Nextcloud uploads against the built server", () => {
  let haven: HavenProcess;
  let dav: DavClient;
  let url: string;
  const files = "/remote.php/dav/files/admin";
  const uploads = "/remote.php/dav/uploads/admin";
  beforeAll(async () => {
    ({ haven, dav, url } = await startDav());
  });
  afterAll(async () => haven?.destroy());

  it("assembles a chunked v2 upload, lists chunks on resume, keeps a missing-chunk upload, and answers with OC headers", async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const dest = { destination: `${url}${files}/chunked.bin` };
    expect((await dav.req("MKCOL", `${uploads}/4711`, { headers: { ...dest, "oc-total-length": String(data.length) } })).status).toBe(201);
    expect((await dav.put(`${uploads}/4711/00001`, data.subarray(0, 1024 * 1024), dest)).status).toBe(201);
    expect((await dav.put(`${uploads}/4711/00003`, data.subarray(2 * 1024 * 1024), dest)).status).toBe(201);
    const listing = await dav.propfind(`${uploads}/4711/`, "1");
    expect(listing.status).toBe(207);
    expect(listing.text).toContain("/4711/00001</d:href>");
    expect(listing.text).toContain("/4711/00003</d:href>");
    const finish = { ...dest, "oc-total-length": String(data.length), "x-oc-mtime": "1600000000", "oc-checksum": `SHA1:${sha1(data)}` };
    const early = await dav.req("MOVE", `${uploads}/4711/.file`, { headers: finish });
    expect(early.status).toBe(400);
    expect(early.text).toMatch(/missing|announced/);
    expect((await dav.put(`${uploads}/4711/00002`, data.subarray(1024 * 1024, 2 * 1024 * 1024), dest)).status).toBe(201);
    const done = await dav.req("MOVE", `${uploads}/4711/.file`, { headers: finish });
    expect(done.status).toBe(201);
    expect(done.headers.get("oc-fileid")).toMatch(/^\d{8,}haven$/);
    expect(done.headers.get("oc-etag")).toBe(done.headers.get("etag"));
    expect(done.headers.get("x-oc-mtime")).toBe("accepted");
    const got = await fetch(`${url}${files}/chunked.bin`, { headers: { authorization: `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}` } });
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    expect(got.headers.get("last-modified")).toBe(new Date(1600000000 * 1000).toUTCString());
    expect((await dav.propfind(`${uploads}/4711/`, "0")).status).toBe(404);
  });

  it("refuses a chunk past OC-Total-Length and a wrong checksum; DELETE cancels; other users cannot touch an upload", async () => {
    const dest = { destination: `${url}${files}/refused.bin` };
    expect((await dav.req("MKCOL", `${uploads}/99`, { headers: { ...dest, "oc-total-length": "10" } })).status).toBe(201);
    const past = await dav.put(`${uploads}/99/000000000000005-000000000000014`, "0123456789", dest);
    expect(past.status).toBe(400);
    expect(past.text).toContain("OC-Total-Length");
    expect((await dav.put(`${uploads}/99/000000000000000-000000000000009`, "0123456789", dest)).status).toBe(201);
    const wrong = await dav.req("MOVE", `${uploads}/99/.file`, { headers: { ...dest, "oc-checksum": `SHA1:${sha1("other")}` } });
    expect(wrong.status).toBe(400);
    expect((await dav.req("GET", `${files}/refused.bin`)).status).toBe(404);
    expect((await dav.req("MKCOL", `${uploads}/100`, { headers: { ...dest, "oc-total-length": "10" } })).status).toBe(201);
    expect((await dav.req("DELETE", `${uploads}/100`)).status).toBe(204);
    expect((await dav.req("DELETE", `${uploads}/100`)).status).toBe(404);
    expect((await dav.req("PROPFIND", "/remote.php/dav/uploads/someone-else/100", { headers: { depth: "1" } })).status).toBe(403);
  });

  it("refuses legacy v1 chunks with 501 and stores nothing", async () => {
    const v1 = await dav.put(`${files}/movie.mp4-chunking-1234-7-0`, "x".repeat(100));
    expect(v1.status).toBe(501);
    expect(v1.text).toMatch(/chunked upload v2/);
    expect((await dav.put(`${files}/plain.txt`, "x", { "oc-chunked": "1" })).status).toBe(501);
    expect((await dav.req("GET", `${files}/movie.mp4-chunking-1234-7-0`)).status).toBe(404);
    expect((await dav.req("GET", `${files}/plain.txt`)).status).toBe(404);
  });

  it("takes a bulk upload: a JSON answer per file, a part without a path or with a bad checksum fails alone", async () => {
    const boundary = "boundary_abc";
    const part = (headers: Record<string, string>, body: string) => `--${boundary}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}\r\n`;
    const body =
      part({ "X-File-Path": "/bulk-a.txt", "X-File-MD5": md5("aaa"), "X-File-Mtime": "1500000000", "Content-Length": "3" }, "aaa") +
      part({ "X-File-MD5": md5("nopath"), "Content-Length": "6" }, "nopath") +
      part({ "X-File-Path": "/bulk-bad.txt", "OC-Checksum": `SHA1:${sha1("different")}`, "Content-Length": "3" }, "bad") +
      `--${boundary}--\r\n`;
    const res = await dav.req("POST", "/remote.php/dav/bulk", { headers: { "content-type": `multipart/related; boundary=${boundary}` }, body });
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.text) as Record<string, { error: boolean; etag?: string; fileid?: string; message?: string }>;
    expect(answer["/bulk-a.txt"]).toMatchObject({ error: false, etag: expect.stringMatching(/^".+"$/), fileid: expect.stringMatching(/haven$/) });
    expect(answer["(part 2)"]).toMatchObject({ error: true, message: expect.stringContaining("X-File-Path") });
    expect(answer["/bulk-bad.txt"]).toMatchObject({ error: true, message: expect.stringContaining("checksum") });
    expect((await dav.req("GET", `${files}/bulk-bad.txt`)).status).toBe(404);
    const props = await dav.propfind(`${files}/bulk-a.txt`, "0", '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><d:getlastmodified/><oc:checksums/></d:prop></d:propfind>');
    expect(props.text).toContain(`SHA1:${sha1("aaa")}`);
    expect(props.text).toContain(new Date(1500000000 * 1000).toUTCString());
  });

  it("gives OC-ETag and OC-FileId on MKCOL, MOVE and COPY; a PROPPATCH of DAV:lastmodified sets the mtime", async () => {
    const mk = await dav.mkcol(`${files}/folder`);
    expect(mk.headers.get("oc-fileid")).toMatch(/haven$/);
    expect(mk.headers.get("oc-etag")).toBeTruthy();
    const put = await dav.put(`${files}/folder/a.txt`, "a");
    const mv = await dav.req("MOVE", `${files}/folder/a.txt`, { headers: { destination: `${url}${files}/folder/b.txt` } });
    expect(mv.headers.get("oc-fileid")).toBe(put.headers.get("oc-fileid"));
    expect(mv.headers.get("oc-etag")).toBe(put.headers.get("oc-etag"));
    const cp = await dav.req("COPY", `${files}/folder/b.txt`, { headers: { destination: `${url}${files}/folder/c.txt` } });
    expect(cp.headers.get("oc-fileid")).not.toBe(put.headers.get("oc-fileid"));
    const patch = await dav.req("PROPPATCH", `${files}/folder/b.txt`, {
      headers: { "content-type": "application/xml" },
      body: '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:lastmodified>1234567890</d:lastmodified></d:prop></d:set></d:propertyupdate>',
    });
    expect(patch.status).toBe(207);
    expect(patch.text).toContain("200");
    const props = await dav.propfind(`${files}/folder/b.txt`, "0", '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:prop><d:getlastmodified/><oc:permissions/><nc:has-preview/><nc:mount-type/><oc:share-types/></d:prop></d:propfind>');
    expect(props.text).toContain(new Date(1234567890 * 1000).toUTCString());
    expect(props.text).toMatch(/<oc:permissions>[RGDNVW]+<\/oc:permissions>/);
    expect(props.text).toContain("<nc:has-preview>false</nc:has-preview>");
    expect(props.text).toContain("<oc:share-types/>");
  });

  it("lists the trashbin with Nextcloud's properties, restores by MOVE into restore/, purges by DELETE", async () => {
    await dav.put(`${files}/gone.txt`, "gone");
    await dav.put(`${files}/purged.txt`, "purged");
    expect((await dav.req("DELETE", `${files}/gone.txt`)).status).toBe(204);
    expect((await dav.req("DELETE", `${files}/purged.txt`)).status).toBe(204);
    const trash = "/remote.php/dav/trashbin/admin/trash";
    const listing = await dav.propfind(`${trash}/`, "1");
    expect(listing.status).toBe(207);
    expect(listing.text).toContain("<nc:trashbin-filename>gone.txt</nc:trashbin-filename>");
    expect(listing.text).toContain("<nc:trashbin-original-location>gone.txt</nc:trashbin-original-location>");
    expect(listing.text).toMatch(/<nc:trashbin-deletion-time>\d+<\/nc:trashbin-deletion-time>/);
    const hrefOf = (name: string) => [...listing.text.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]!).find((h) => h.includes(name))!;
    const restored = await dav.req("MOVE", hrefOf("gone.txt"), { headers: { destination: `${url}/remote.php/dav/trashbin/admin/restore/gone.txt` } });
    expect(restored.status).toBe(201);
    expect((await dav.req("GET", `${files}/gone.txt`)).text).toBe("gone");
    expect((await dav.req("DELETE", hrefOf("purged.txt"))).status).toBe(204);
    const after = await dav.propfind(`${trash}/`, "1");
    expect(after.text).not.toContain("purged.txt");
    expect(after.text).not.toContain("gone.txt");
    expect((await dav.propfind("/remote.php/dav/trashbin/someone/trash/", "1")).status).toBe(403);
  });

  it("lists a file's versions, serves one, and restores it by MOVE to restore/target", async () => {
    const first = await dav.put(`${files}/versioned.txt`, "first");
    await dav.put(`${files}/versioned.txt`, "second");
    const fileId = Number(first.headers.get("oc-fileid")!.replace(/haven$/, ""));
    const listing = await dav.propfind(`/remote.php/dav/versions/admin/versions/${fileId}/`, "1");
    expect(listing.status).toBe(207);
    const hrefs = [...listing.text.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]!).slice(1);
    expect(hrefs).toHaveLength(2);
    const bodies = await Promise.all(hrefs.map(async (h) => (await dav.req("GET", h)).text));
    expect(bodies.sort()).toEqual(["first", "second"]);
    const oldHref = (await Promise.all(hrefs.map(async (h) => [h, (await dav.req("GET", h)).text] as const))).find(([, t]) => t === "first")![0];
    const restored = await dav.req("MOVE", oldHref, { headers: { destination: `${url}/remote.php/dav/versions/admin/restore/target` } });
    expect(restored.status).toBe(204);
    expect((await dav.req("GET", `${files}/versioned.txt`)).text).toBe("first");
    expect((await dav.propfind(`/remote.php/dav/versions/nobody/versions/${fileId}/`, "1")).status).toBe(403);
  });

  it("answers the media tab's DASL SEARCH by content type, newest first, with only the user's readable files", async () => {
    await dav.put(`${files}/old.jpg`, "jpeg", { "x-oc-mtime": "1500000000" });
    await dav.put(`${files}/new.jpg`, "jpeg", { "x-oc-mtime": "1700000000" });
    await dav.put(`${files}/clip.mp4`, "mp4", { "x-oc-mtime": "1600000000" });
    await dav.put(`${files}/notes.txt`, "text");
    const body = (lower: string) =>
      `<?xml version="1.0"?><d:searchrequest xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:basicsearch><d:select><d:prop><d:getcontenttype/><oc:fileid/></d:prop></d:select>` +
      `<d:from><d:scope><d:href>/files/admin</d:href><d:depth>infinity</d:depth></d:scope></d:from><d:where><d:and><d:or>` +
      `<d:like><d:prop><d:getcontenttype/></d:prop><d:literal>image/%</d:literal></d:like><d:like><d:prop><d:getcontenttype/></d:prop><d:literal>video/%</d:literal></d:like></d:or>` +
      `<d:gt><d:prop><d:getlastmodified/></d:prop><d:literal>${lower}</d:literal></d:gt></d:and></d:where>` +
      `<d:orderby><d:order><d:prop><d:getlastmodified/></d:prop><d:descending/></d:order></d:orderby><d:limit><d:nresults>10</d:nresults></d:limit></d:basicsearch></d:searchrequest>`;
    const res = await dav.req("SEARCH", "/remote.php/dav/", { headers: { "content-type": "text/xml" }, body: body("1400000000") });
    expect(res.status).toBe(207);
    const hrefs = [...res.text.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]!);
    expect(hrefs).toEqual([`${files}/new.jpg`, `${files}/clip.mp4`, `${files}/old.jpg`]);
    const later = await dav.req("SEARCH", "/remote.php/dav/", { headers: { "content-type": "text/xml" }, body: body("1550000000") });
    expect([...later.text.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]!)).toEqual([`${files}/new.jpg`, `${files}/clip.mp4`]);
    expect((await dav.anonymous().req("SEARCH", "/remote.php/dav/", { body: body("0") })).status).toBe(401);
  });

  it("answers the favourites REPORT (oc:filter-files, oc:favorite 1) with the starred nodes only", async () => {
    await dav.put(`${files}/star.txt`, "s");
    await dav.put(`${files}/plain2.txt`, "p");
    const star = await dav.req("PROPPATCH", `${files}/star.txt`, {
      headers: { "content-type": "application/xml" },
      body: '<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:set><d:prop><oc:favorite>1</oc:favorite></d:prop></d:set></d:propertyupdate>',
    });
    expect(star.status).toBe(207);
    const res = await dav.req("REPORT", `${files}/`, {
      headers: { "content-type": "application/xml" },
      body: '<?xml version="1.0"?><oc:filter-files xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/><oc:favorite/></d:prop><oc:filter-rules><oc:favorite>1</oc:favorite></oc:filter-rules></oc:filter-files>',
    });
    expect(res.status).toBe(207);
    expect(res.text).toContain(`<d:href>${files}/star.txt</d:href>`);
    expect(res.text).not.toContain("plain2.txt");
    expect(res.text).toContain("<oc:favorite>1</oc:favorite>");
    const other = await dav.req("REPORT", `${files}/`, { headers: { "content-type": "application/xml" }, body: '<oc:filter-files xmlns:oc="http://owncloud.org/ns"><oc:filter-rules><oc:systemtag>3</oc:systemtag></oc:filter-rules></oc:filter-files>' });
    expect(other.status).toBe(400);
  });
});
