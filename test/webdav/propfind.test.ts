import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import { hrefs, LOCK_BODY, responses } from "./dav-client";

const prop = (...names: string[]) =>
  `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:z="urn:z"><d:prop>${names.map((n) => `<${n}/>`).join("")}</d:prop></d:propfind>`;
const value = (xml: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

describe("WebDAV PROPFIND", () => {
  const { haven, dav, api } = useDavServer();
  beforeAll(async () => {
    await dav.mkcol("/dav/docs/");
    await dav.mkcol("/dav/docs/季度 报告/");
    await dav.put("/dav/docs/a b&c.txt", "hello");
    await dav.put("/dav/docs/季度 报告/x.bin", Buffer.alloc(1000, 7));
  });

  it("answers Depth 0 and Depth 1 with encoded hrefs, folders ending in a slash", async () => {
    const zero = await dav.propfind("/dav/docs/", "0");
    expect(zero.status).toBe(207);
    expect(hrefs(zero.text)).toEqual(["/dav/docs/"]);
    const one = await dav.propfind("/dav/docs/", "1");
    expect(hrefs(one.text)).toEqual(["/dav/docs/", "/dav/docs/季度 报告/", "/dav/docs/a b&c.txt"]);
    expect(one.text).toContain("<d:href>/dav/docs/%E5%AD%A3%E5%BA%A6%20%E6%8A%A5%E5%91%8A/</d:href>");
    expect(one.text).toContain("<d:displayname>a b&amp;c.txt</d:displayname>");
    const file = responses(one.text).get("/dav/docs/a b&c.txt")!;
    expect(value(file, "d:getcontentlength")).toBe("5");
    expect(value(file, "d:getcontenttype")).toBe("text/plain");
    expect(file).toContain("<d:resourcetype/>");
    expect(responses(one.text).get("/dav/docs/季度 报告/")).toContain("<d:resourcetype><d:collection/></d:resourcetype>");
    expect((await dav.propfind("/dav/docs/a%20b%26c.txt", "1")).status).toBe(207);
  });

  it("refuses Depth infinity (also when absent) with propfind-finite-depth, and 404s what is not there", async () => {
    for (const depth of ["infinity", undefined]) {
      const res = await dav.req("PROPFIND", "/dav/", { headers: depth ? { depth } : {} });
      expect(res.status).toBe(403);
      expect(res.text).toContain("<d:propfind-finite-depth/>");
    }
    expect((await dav.propfind("/dav/nothing-here", "0")).status).toBe(404);
    expect((await dav.propfind("/dav/docs/a b&c.txt/below", "0")).status).toBe(404);
  });

  it("returns named properties, with 404 propstats for unknown ones", async () => {
    const res = await dav.propfind("/dav/docs/a%20b%26c.txt", "0", prop("d:getetag", "d:getlastmodified", "d:creationdate", "z:unknown", "oc:fileid", "oc:id", "oc:permissions", "oc:size", "oc:checksums"));
    const sha = createHash("sha256").update("hello").digest("hex");
    expect(res.text).toMatch(/<d:getetag>"[^"]+"<\/d:getetag>/);
    const sha1 = createHash("sha1").update("hello").digest("hex");
    expect(res.text).toContain(`<oc:checksums><oc:checksum>SHA1:${sha1} SHA256:${sha}</oc:checksum></oc:checksums>`);
    expect(value(res.text, "oc:permissions")).toBe("RGDNVW");
    expect(value(res.text, "oc:size")).toBe("5");
    expect(value(res.text, "oc:id")).toMatch(/^\d{8}haven$/);
    expect(Date.parse(value(res.text, "d:getlastmodified")!)).not.toBeNaN();
    expect(res.text).toMatch(/<d:propstat><d:prop><z:unknown xmlns:z="urn:z"\/>|<x:unknown xmlns:x="urn:z"\/>/);
    expect(res.text).toContain("HTTP/1.1 404 Not Found");
  });

  it("reports RFC 4331 quota on folders and ownCloud permissions for folders", async () => {
    const res = await dav.propfind("/dav/docs/", "0", prop("d:quota-used-bytes", "d:quota-available-bytes", "oc:permissions", "d:getcontentlength"));
    expect(value(res.text, "d:quota-used-bytes")).toBe("1005");
    expect(Number(value(res.text, "d:quota-available-bytes"))).toBeGreaterThan(0);
    expect(value(res.text, "oc:permissions")).toBe("RGDNVCK");
    expect(res.text).toContain("<d:getcontentlength/>");
  });

  it("answers allprop (with dead properties) and propname", async () => {
    await dav.req("PROPPATCH", "/dav/docs/a%20b%26c.txt", {
      body: `<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><z:color xmlns:z="urn:z">blue</z:color></d:prop></d:set></d:propertyupdate>`,
    });
    const all = await dav.propfind("/dav/docs/a%20b%26c.txt", "0", `<d:propfind xmlns:d="DAV:"><d:allprop/></d:propfind>`);
    for (const p of ["resourcetype", "getetag", "getlastmodified", "creationdate", "displayname", "getcontentlength", "getcontenttype", "supportedlock", "lockdiscovery"]) {
      expect(all.text, p).toContain(`<d:${p}`);
    }
    expect(all.text).toContain(`<x:color xmlns:x="urn:z">blue</x:color>`);
    expect(all.text).not.toContain("quota-used-bytes");
    const empty = await dav.propfind("/dav/docs/a%20b%26c.txt", "0", "");
    expect(empty.text).toContain(`<x:color xmlns:x="urn:z">blue</x:color>`);
    const names = await dav.propfind("/dav/docs/a%20b%26c.txt", "0", `<d:propfind xmlns:d="DAV:"><d:propname/></d:propfind>`);
    expect(names.text).toContain("<d:getetag/>");
    expect(names.text).toContain(`<x:color xmlns:x="urn:z"/>`);
    expect(names.text).not.toContain("blue");
  });

  it("gives a folder a new ETag whenever anything below it changes", async () => {
    const etagOf = async (path: string) => value((await dav.propfind(path, "0", prop("d:getetag"))).text, "d:getetag");
    const before = await Promise.all(["/dav/", "/dav/docs/", "/dav/docs/%E5%AD%A3%E5%BA%A6%20%E6%8A%A5%E5%91%8A/"].map(etagOf));
    await dav.put("/dav/docs/%E5%AD%A3%E5%BA%A6%20%E6%8A%A5%E5%91%8A/x.bin", "changed");
    const after = await Promise.all(["/dav/", "/dav/docs/", "/dav/docs/%E5%AD%A3%E5%BA%A6%20%E6%8A%A5%E5%91%8A/"].map(etagOf));
    after.forEach((etag, i) => expect(etag).not.toBe(before[i]));
  });

  it("refuses malformed bodies and foreign root elements with 400", async () => {
    for (const body of ["<d:propfind xmlns:d=\"DAV:\"><d:prop>", "<propfind/>", "<d:propfind xmlns:d=\"DAV:\"/>", "<!DOCTYPE x [<!ENTITY a \"b\">]><d:propfind xmlns:d=\"DAV:\"><d:allprop/></d:propfind>", "<a:propfind xmlns:d=\"DAV:\"/>"]) {
      expect((await dav.propfind("/dav/", "0", body)).status, body).toBe(400);
    }
  });

  it("lists a folder of more than one page completely, streamed", async () => {
    await dav.mkcol("/dav/many/");
    const names = Array.from({ length: 1050 }, (_, i) => `f${String(i).padStart(4, "0")}.txt`);
    for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((n) => dav.put(`/dav/many/${n}`, n)));
    const last = names.at(-1)!;
    const patch = `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:z="urn:z"><d:set><d:prop><z:tag>late</z:tag></d:prop></d:set></d:propertyupdate>`;
    expect((await dav.req("PROPPATCH", `/dav/many/${last}`, { body: patch, headers: { "content-type": "application/xml" } })).status).toBe(207);
    const res = await dav.propfind("/dav/many/", "1", prop("d:getcontentlength"));
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    expect(hrefs(res.text).slice(1)).toEqual(names.map((n) => `/dav/many/${n}`));
    // Dead properties and checksums are looked up in batches across pages too.
    const all = await dav.propfind("/dav/many/", "1");
    expect(responses(all.text).get(`/dav/many/${last}`)).toContain("late");
    const sums = responses((await dav.propfind("/dav/many/", "1", prop("oc:checksums", "z:tag"))).text);
    expect(sums.get(`/dav/many/${last}`)).toContain(`SHA256:${createHash("sha256").update(last).digest("hex")}`);
    expect(sums.get(`/dav/many/${last}`)).toContain("late");
  });

  it("answers a repeated big listing from its cache only while nothing it shows has changed", async () => {
    const body = prop("d:getetag", "d:getcontentlength", "oc:permissions");
    // A rendered listing is streamed (chunked, no length); a cached one is sent whole with its Content-Length.
    const first = await dav.propfind("/dav/many/", "1", body);
    expect(first.status).toBe(207);
    expect(first.headers.get("content-length")).toBeNull();
    expect(first.headers.get("transfer-encoding")).toBe("chunked");
    const again = await dav.propfind("/dav/many/", "1", body);
    expect(again.status).toBe(207);
    expect(again.headers.get("content-length")).toBe(String(Buffer.byteLength(again.text)));
    expect(again.headers.get("transfer-encoding")).toBeNull();
    expect(again.text).toBe(first.text);
    // A changed file, a new one, a deleted one and a renamed one all show at once.
    expect((await dav.put("/dav/many/f0000.txt", "longer content")).status).toBe(204);
    expect((await dav.put("/dav/many/zz-new.txt", "new")).status).toBe(201);
    expect((await dav.req("DELETE", "/dav/many/f0001.txt")).status).toBe(204);
    expect((await dav.req("MOVE", "/dav/many/f0002.txt", { headers: { destination: `${haven.url}/dav/many/f0002-renamed.txt` } })).status).toBe(201);
    const changed = await dav.propfind("/dav/many/", "1", body);
    expect(changed.headers.get("content-length"), "a changed folder is rendered afresh, not served from the cache").toBeNull();
    const after = responses(changed.text);
    expect(value(after.get("/dav/many/f0000.txt")!, "d:getcontentlength")).toBe("14");
    expect(after.has("/dav/many/zz-new.txt")).toBe(true);
    expect(after.has("/dav/many/f0001.txt")).toBe(false);
    expect(after.has("/dav/many/f0002.txt")).toBe(false);
    expect(after.has("/dav/many/f0002-renamed.txt")).toBe(true);
    // A read-only credential of the same user gets its own answer, with its own permissions.
    const { password } = await api.ok<{ password: string }>("POST", "/api/me/app-passwords", { name: "viewer", readOnly: true });
    const viewer = responses((await dav.as("admin", password).propfind("/dav/many/", "1", body)).text);
    expect(value(viewer.get("/dav/many/f0003.txt")!, "oc:permissions")).toBe("G");
    expect(value(responses((await dav.propfind("/dav/many/", "1", body)).text).get("/dav/many/f0003.txt")!, "oc:permissions")).toContain("W");
    // Locks and dead properties change no ETag: they are always read afresh.
    const discovery = prop("d:getetag", "d:lockdiscovery", "z:tag");
    expect(responses((await dav.propfind("/dav/many/", "1", discovery)).text).get("/dav/many/f0003.txt")).not.toContain("activelock");
    const locked = await dav.req("LOCK", "/dav/many/f0003.txt", { headers: { depth: "0" }, body: LOCK_BODY() });
    expect(locked.status).toBe(200);
    const patch = `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:z="urn:z"><d:set><d:prop><z:tag>fresh</z:tag></d:prop></d:set></d:propertyupdate>`;
    const token = locked.headers.get("lock-token")!;
    expect((await dav.req("PROPPATCH", "/dav/many/f0003.txt", { body: patch, headers: { "content-type": "application/xml", if: `(${token})` } })).status).toBe(207);
    const fresh = responses((await dav.propfind("/dav/many/", "1", discovery)).text).get("/dav/many/f0003.txt")!;
    expect(fresh).toContain("activelock");
    expect(fresh).toContain("fresh");
  });

  it("shows a streamed PUT's SHA-1 in a cached listing once its job has filled it", async () => {
    // Longer than what is stored from memory and of undeclared size: hashed SHA-256 only while receiving; the
    // blobs.sha1 job adds SHA-1, and the listing cached meanwhile (its key has only ETags, which a SHA-1 does not
    // change) must not hide it.
    const big = Buffer.alloc(300_000, 9);
    const sha1 = createHash("sha1").update(big).digest("hex");
    expect((await dav.putUndeclared("/dav/many/big.bin", big)).status).toBe(201);
    const body = prop("d:getetag", "oc:checksums");
    const checksum = async () => value(responses((await dav.propfind("/dav/many/", "1", body)).text).get("/dav/many/big.bin")!, "oc:checksum");
    await checksum();
    const cached = await dav.propfind("/dav/many/", "1", body);
    expect(cached.headers.get("content-length"), "the second listing comes from the cache").not.toBeNull();
    const deadline = Date.now() + 30_000;
    let seen = await checksum();
    while (!seen?.includes(`SHA1:${sha1}`) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await checksum();
    }
    expect(seen).toBe(`SHA1:${sha1} SHA256:${createHash("sha256").update(big).digest("hex")}`);
  });
});
