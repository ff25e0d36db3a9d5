import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";

describe("WebDAV GET and HEAD", () => {
  const { dav } = useDavServer();
  beforeAll(async () => {
    await dav.put("/dav/data.bin", "0123456789abcdefghij");
    await dav.put("/dav/page.html", "<script>alert(1)</script>");
  });

  it("serves the bytes with ETag, Last-Modified, ranges and 304s", async () => {
    const full = await dav.req("GET", "/dav/data.bin");
    expect(full.status).toBe(200);
    expect(full.text).toBe("0123456789abcdefghij");
    const etag = full.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    expect(full.headers.get("accept-ranges")).toBe("bytes");
    const part = await dav.req("GET", "/dav/data.bin", { headers: { range: "bytes=5-9" } });
    expect(part.status).toBe(206);
    expect(part.text).toBe("56789");
    expect((await dav.req("GET", "/dav/data.bin", { headers: { "if-none-match": etag } })).status).toBe(304);
    const propEtag = /<d:getetag>([^<]+)<\/d:getetag>/.exec((await dav.propfind("/dav/data.bin", "0")).text)![1];
    expect(propEtag).toBe(etag);
  });

  it("answers HEAD with the headers and no body", async () => {
    const head = await dav.req("HEAD", "/dav/data.bin");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("20");
    expect(head.text).toBe("");
  });

  it("never serves active content inline", async () => {
    const res = await dav.req("GET", "/dav/page.html");
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers 404 for missing files and a short note for folders", async () => {
    expect((await dav.req("GET", "/dav/none.bin")).status).toBe(404);
    const folder = await dav.req("GET", "/dav/");
    expect(folder.status).toBe(200);
    expect(folder.text).toMatch(/WebDAV folder/);
  });

  it("answers 412 to a failed If-Match or If-Unmodified-Since, 304 to a matching If-None-Match or If-Modified-Since", async () => {
    const etag = (await dav.req("HEAD", "/dav/data.bin")).headers.get("etag")!;
    expect((await dav.req("GET", "/dav/data.bin", { headers: { "if-match": '"nope"' } })).status).toBe(412);
    expect((await dav.req("HEAD", "/dav/data.bin", { headers: { "if-unmodified-since": new Date(Date.now() - 3600_000).toUTCString() } })).status).toBe(412);
    expect((await dav.req("GET", "/dav/data.bin", { headers: { "if-match": etag } })).text).toBe("0123456789abcdefghij");
    const notModified = await dav.req("HEAD", "/dav/data.bin", { headers: { "if-none-match": `W/${etag}` } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
    expect((await dav.req("GET", "/dav/data.bin", { headers: { "if-modified-since": new Date(Date.now() + 3600_000).toUTCString() } })).status).toBe(304);
    expect((await dav.req("GET", "/dav/data.bin", { headers: { "if-none-match": '"other"' } })).status).toBe(200);
  });
});
