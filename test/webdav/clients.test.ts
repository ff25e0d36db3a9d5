import { describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import { DavClient, hrefs } from "./dav-client";

/** Request sequences recorded from real clients, replayed in their order with their headers. */
describe("WebDAV client quirks", () => {
  const { haven, dav } = useDavServer();

  it("Windows Explorer (Microsoft-WebDAV-MiniRedir): LOCK, empty PUT, PROPPATCH of Win32 times, PUT, UNLOCK, GET with Translate: f", async () => {
    const ua = { "user-agent": "Microsoft-WebDAV-MiniRedir/10.0.19045" };
    expect((await dav.anonymous().req("OPTIONS", "/dav/", { headers: ua })).headers.get("dav")).toBe("1, 2");
    expect((await dav.propfind("/dav/", "0", "", ua)).status).toBe(207);
    expect((await dav.propfind("/dav/New%20Text%20Document.txt", "0", "", ua)).status).toBe(404);
    const lock = await dav.req("LOCK", "/dav/New%20Text%20Document.txt", {
      headers: { ...ua, timeout: "Second-3600", depth: "0" },
      body: `<?xml version="1.0" encoding="utf-8" ?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner><D:href>DESKTOP\\user</D:href></D:owner></D:lockinfo>`,
    });
    expect(lock.status).toBe(201);
    const token = DavClient.token(lock);
    const ifh = { ...ua, if: `(<${token}>)` };
    expect((await dav.put("/dav/New%20Text%20Document.txt", "", ifh)).status).toBe(204);
    const patch = await dav.req("PROPPATCH", "/dav/New%20Text%20Document.txt", {
      headers: ifh,
      body:
        `<?xml version="1.0" encoding="utf-8" ?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:schemas-microsoft-com:"><D:set><D:prop>` +
        `<Z:Win32CreationTime>Sun, 22 Nov 2026 08:00:00 GMT</Z:Win32CreationTime><Z:Win32LastAccessTime>Sun, 22 Nov 2026 08:00:00 GMT</Z:Win32LastAccessTime>` +
        `<Z:Win32LastModifiedTime>Sun, 22 Nov 2026 08:00:00 GMT</Z:Win32LastModifiedTime><Z:Win32FileAttributes>00000020</Z:Win32FileAttributes>` +
        `</D:prop></D:set></D:propertyupdate>`,
    });
    expect(patch.status).toBe(207);
    expect(patch.text).not.toContain("403");
    expect((await dav.put("/dav/New%20Text%20Document.txt", "typed text", ifh)).status).toBe(204);
    expect((await dav.req("UNLOCK", "/dav/New%20Text%20Document.txt", { headers: { ...ua, "lock-token": `<${token}>` } })).status).toBe(204);
    const get = await dav.req("GET", "/dav/New%20Text%20Document.txt", { headers: { ...ua, translate: "f" } });
    expect(get.text).toBe("typed text");
    expect((await dav.req("MOVE", "/dav/New%20Text%20Document.txt", { headers: { ...ua, destination: `${haven.url}/dav/notes.txt`, overwrite: "F" } })).status).toBe(201);
  });

  it("macOS Finder: AppleDouble ._ files, chunked PUT with X-Expected-Entity-Length, LOCK/UNLOCK around PUT", async () => {
    const ua = { "user-agent": "WebDAVFS/3.0.0 (03008000) Darwin/23.0.0 (arm64)" };
    for (const p of ["/dav/.DS_Store", "/dav/._photo.jpg", "/dav/photo.jpg"]) expect((await dav.propfind(p, "0", "", ua)).status).toBe(404);
    const lock = await dav.req("LOCK", "/dav/photo.jpg", {
      headers: { ...ua, depth: "0", timeout: "Second-600" },
      body: `<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner><D:href>http://www.apple.com/webdav_fs/</D:href></D:owner></D:lockinfo>`,
    });
    expect(lock.status).toBe(201);
    const token = DavClient.token(lock);
    const stream = (text: string) =>
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(text));
          c.close();
        },
      });
    const auth = { authorization: `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}` };
    const put = await fetch(`${haven.url}/dav/photo.jpg`, {
      method: "PUT",
      headers: { ...auth, ...ua, "x-expected-entity-length": "10", if: `(<${token}>)` },
      body: stream("0123456789"),
      duplex: "half",
    } as RequestInit);
    expect(put.status).toBe(204);
    const apple = await fetch(`${haven.url}/dav/._photo.jpg`, { method: "PUT", headers: { ...auth, ...ua, "x-expected-entity-length": "4" }, body: stream("meta"), duplex: "half" } as RequestInit);
    expect(apple.status).toBe(201);
    expect((await dav.req("UNLOCK", "/dav/photo.jpg", { headers: { ...ua, "lock-token": `<${token}>` } })).status).toBe(204);
    expect(hrefs((await dav.propfind("/dav/", "1", "", ua)).text)).toEqual(expect.arrayContaining(["/dav/photo.jpg", "/dav/._photo.jpg"]));
  });

  it("Nextcloud-style clients: oc:/nc: properties on /remote.php/dav/files/<user>/ and X-OC-Mtime", async () => {
    const put = await dav.put("/remote.php/dav/files/admin/synced.txt", "sync", { "x-oc-mtime": "1600000000" });
    expect(put.status).toBe(201);
    expect(put.headers.get("oc-fileid")).toMatch(/^\d{8}haven$/);
    const res = await dav.propfind(
      "/remote.php/dav/files/admin/",
      "1",
      `<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:prop><d:getetag/><oc:fileid/><oc:permissions/><oc:size/><nc:has-preview/></d:prop></d:propfind>`,
    );
    expect(res.status).toBe(207);
    expect(hrefs(res.text)).toContain("/remote.php/dav/files/admin/synced.txt");
    expect(res.text).toContain("<nc:has-preview>false</nc:has-preview>");
  });
});
