import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PROPERTIES_PER_NODE, MAX_VALUE_BYTES } from "@/lib/services/property.service";
import { useDavServer } from "../helpers/dav-server";
import type { DavClient } from "./dav-client";

const update = (inner: string) => `<?xml version="1.0" encoding="utf-8"?><d:propertyupdate xmlns:d="DAV:">${inner}</d:propertyupdate>`;
const getProps = (dav: DavClient, path: string, props: string) =>
  dav.propfind(path, "0", `<d:propfind xmlns:d="DAV:"><d:prop>${props}</d:prop></d:propfind>`);

describe("WebDAV PROPPATCH", () => {
  const { dav } = useDavServer();
  beforeAll(async () => {
    await dav.put("/dav/p.txt", "x");
  });

  it("stores dead properties in any namespace with Unicode and XML values", async () => {
    const res = await dav.req("PROPPATCH", "/dav/p.txt", {
      body: update(
        `<d:set><d:prop><a:title xmlns:a="urn:a">Grüße 𐀀 季度</a:title><b:meta xmlns:b="urn:b"><b:inner attr="1">t</b:inner><plain xmlns="">p</plain></b:meta><empty xmlns="">v</empty></d:prop></d:set>`,
      ),
    });
    expect(res.status).toBe(207);
    expect(res.text.match(/HTTP\/1.1 200 OK/g)).toHaveLength(1);
    const got = await getProps(dav, "/dav/p.txt", `<a:title xmlns:a="urn:a"/><b:meta xmlns:b="urn:b"/><empty xmlns=""/>`);
    expect(got.text).toContain(`<x:title xmlns:x="urn:a">Grüße 𐀀 季度</x:title>`);
    expect(got.text).toContain(`<x:meta xmlns:x="urn:b"><inner xmlns="urn:b" attr="1">t</inner><plain xmlns="">p</plain></x:meta>`);
    expect(got.text).toContain(`<empty xmlns="">v</empty>`);
  });

  it("applies set and remove in document order", async () => {
    await dav.req("PROPPATCH", "/dav/p.txt", { body: update(`<d:set><d:prop><a:k xmlns:a="urn:a">1</a:k></d:prop></d:set><d:remove><d:prop><a:k xmlns:a="urn:a"/></d:prop></d:remove>`) });
    expect((await getProps(dav, "/dav/p.txt", `<a:k xmlns:a="urn:a"/>`)).text).toContain("404 Not Found");
    await dav.req("PROPPATCH", "/dav/p.txt", { body: update(`<d:remove><d:prop><a:k xmlns:a="urn:a"/></d:prop></d:remove><d:set><d:prop><a:k xmlns:a="urn:a">2</a:k></d:prop></d:set>`) });
    expect((await getProps(dav, "/dav/p.txt", `<a:k xmlns:a="urn:a"/>`)).text).toContain(`<x:k xmlns:x="urn:a">2</x:k>`);
  });

  it("is atomic: a protected live property fails the request with 403 and the rest with 424", async () => {
    const res = await dav.req("PROPPATCH", "/dav/p.txt", {
      body: update(`<d:set><d:prop><a:new xmlns:a="urn:a">n</a:new><d:getetag>"mine"</d:getetag></d:prop></d:set>`),
    });
    expect(res.status).toBe(207);
    expect(res.text).toContain("HTTP/1.1 403 Forbidden");
    expect(res.text).toContain("HTTP/1.1 424 Failed Dependency");
    expect((await getProps(dav, "/dav/p.txt", `<a:new xmlns:a="urn:a"/>`)).text).toContain("404 Not Found");
  });

  it("keeps Windows' Win32 time properties as dead properties", async () => {
    const res = await dav.req("PROPPATCH", "/dav/p.txt", {
      body: update(`<d:set><d:prop><Z:Win32LastModifiedTime xmlns:Z="urn:schemas-microsoft-com:">Wed, 01 Jan 2025 00:00:00 GMT</Z:Win32LastModifiedTime><Z:Win32FileAttributes xmlns:Z="urn:schemas-microsoft-com:">00000020</Z:Win32FileAttributes></d:prop></d:set>`),
    });
    expect(res.status).toBe(207);
    expect(res.text).toContain("200 OK");
  });

  it("moves properties with the node and copies them with a copy", async () => {
    await dav.req("PROPPATCH", "/dav/p.txt", { body: update(`<d:set><d:prop><a:keep xmlns:a="urn:a">kept</a:keep></d:prop></d:set>`) });
    await dav.req("MOVE", "/dav/p.txt", { headers: { destination: "/dav/q.txt" } });
    expect((await getProps(dav, "/dav/q.txt", `<a:keep xmlns:a="urn:a"/>`)).text).toContain(">kept<");
    await dav.req("COPY", "/dav/q.txt", { headers: { destination: "/dav/r.txt" } });
    expect((await getProps(dav, "/dav/r.txt", `<a:keep xmlns:a="urn:a"/>`)).text).toContain(">kept<");
  });

  it("answers 404 for missing resources and 400 for bad bodies", async () => {
    expect((await dav.req("PROPPATCH", "/dav/none.txt", { body: update(`<d:set><d:prop><a:x xmlns:a="urn:a">1</a:x></d:prop></d:set>`) })).status).toBe(404);
    for (const body of ["", "<d:propertyupdate xmlns:d=\"DAV:\"/>", "<x/>", "<d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><bar:foo xmlns:bar=\"\"/></d:prop></d:set></d:propertyupdate>"]) {
      expect((await dav.req("PROPPATCH", "/dav/q.txt", { body })).status, body).toBe(400);
    }
  });

  it("honours If-Match, If-None-Match and If-Unmodified-Since (412 sets nothing)", async () => {
    const etag = (await dav.put("/dav/cond.txt", "c")).headers.get("etag")!;
    const past = new Date(Date.now() - 3600_000).toUTCString();
    const body = update(`<d:set><d:prop><a:c xmlns:a="urn:a">v</a:c></d:prop></d:set>`);
    for (const headers of [{ "if-match": '"nope"' }, { "if-none-match": "*" }, { "if-unmodified-since": past }] as Record<string, string>[]) {
      expect((await dav.req("PROPPATCH", "/dav/cond.txt", { headers, body })).status, JSON.stringify(headers)).toBe(412);
    }
    expect((await getProps(dav, "/dav/cond.txt", `<a:c xmlns:a="urn:a"/>`)).text).toContain("404 Not Found");
    expect((await dav.req("PROPPATCH", "/dav/cond.txt", { headers: { "if-match": etag }, body })).status).toBe(207);
    expect((await getProps(dav, "/dav/cond.txt", `<a:c xmlns:a="urn:a"/>`)).text).toContain(">v<");
  });

  it("refuses more dead properties than a node may hold: 507 for the properties set, 424 for the rest, nothing kept", async () => {
    await dav.put("/dav/full.txt", "x");
    const many = Array.from({ length: MAX_PROPERTIES_PER_NODE + 1 }, (_, i) => `<a:p${i} xmlns:a="urn:a">v</a:p${i}>`).join("");
    const res = await dav.req("PROPPATCH", "/dav/full.txt", { body: update(`<d:set><d:prop>${many}</d:prop></d:set><d:remove><d:prop><a:gone xmlns:a="urn:a"/></d:prop></d:remove>`) });
    expect(res.status).toBe(207);
    expect(res.text).toContain("HTTP/1.1 507 Insufficient Storage");
    expect(res.text).toContain("HTTP/1.1 424 Failed Dependency");
    expect(res.text).toMatch(/<d:responsedescription>[^<]*at most \d+ properties/);
    expect((await getProps(dav, "/dav/full.txt", `<a:p0 xmlns:a="urn:a"/>`)).text).toContain("404 Not Found");

    const huge = await dav.req("PROPPATCH", "/dav/full.txt", { body: update(`<d:set><d:prop><a:huge xmlns:a="urn:a">${"x".repeat(MAX_VALUE_BYTES + 1)}</a:huge><a:small xmlns:a="urn:a">s</a:small></d:prop></d:set>`) });
    expect(huge.status).toBe(207);
    expect(huge.text).toMatch(/<d:propstat><d:prop><x:huge xmlns:x="urn:a"\/><\/d:prop><d:status>HTTP\/1.1 507 Insufficient Storage/);
    expect(huge.text).toMatch(/<d:propstat><d:prop><x:small xmlns:x="urn:a"\/><\/d:prop><d:status>HTTP\/1.1 424 Failed Dependency/);
  });
});
