import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import { hrefs } from "./dav-client";

describe("WebDAV COPY", () => {
  const { haven, dav, api } = useDavServer();
  beforeAll(async () => {
    await dav.mkcol("/dav/src/");
    await dav.mkcol("/dav/src/sub/");
    await dav.put("/dav/src/sub/a.txt", "aaa");
    await dav.put("/dav/f.txt", "file");
  });
  const copy = (from: string, to: string, headers: Record<string, string> = {}) => dav.req("COPY", from, { headers: { destination: to, ...headers } });

  it("copies a file (201), with an absolute or relative Destination on any alias", async () => {
    expect((await copy("/dav/f.txt", `${haven.url}/dav/g.txt`)).status).toBe(201);
    expect((await copy("/dav/f.txt", "/remote.php/webdav/h.txt")).status).toBe(201);
    expect((await dav.req("GET", "/dav/h.txt")).text).toBe("file");
    expect((await dav.req("GET", "/dav/f.txt")).text).toBe("file");
  });

  it("copies a folder deeply by default, and only the folder with Depth 0", async () => {
    expect((await copy("/dav/src/", "/dav/deep/")).status).toBe(201);
    expect((await dav.req("GET", "/dav/deep/sub/a.txt")).text).toBe("aaa");
    expect((await copy("/dav/src/", "/dav/shallow/", { depth: "0" })).status).toBe(201);
    expect(hrefs((await dav.propfind("/dav/shallow/", "1")).text)).toEqual(["/dav/shallow/"]);
    expect((await copy("/dav/src/", "/dav/bad/", { depth: "1" })).status).toBe(400);
  });

  it("honours Overwrite: F is 412, T replaces (204) and sends the old target to the trash", async () => {
    await dav.put("/dav/target.txt", "old target");
    expect((await copy("/dav/f.txt", "/dav/target.txt", { overwrite: "F" })).status).toBe(412);
    expect((await dav.req("GET", "/dav/target.txt")).text).toBe("old target");
    expect((await copy("/dav/f.txt", "/dav/target.txt", { overwrite: "T" })).status).toBe(204);
    expect((await dav.req("GET", "/dav/target.txt")).text).toBe("file");
    const trash = await api.ok<{ items: { name: string }[] }>("GET", "/api/trash");
    expect(trash.items.map((e) => e.name)).toContain("target.txt");
    expect((await copy("/dav/src/", "/dav/deep/")).status).toBe(204);
  });

  it("answers 409 without a destination parent, 403 onto itself, 502 for another host, 400 without Destination", async () => {
    expect((await copy("/dav/f.txt", "/dav/nowhere/f.txt")).status).toBe(409);
    expect((await copy("/dav/f.txt", "/dav/f.txt")).status).toBe(403);
    expect((await copy("/dav/f.txt", "http://other.example/dav/f2.txt")).status).toBe(502);
    expect((await copy("/dav/f.txt", "/api/elsewhere")).status).toBe(502);
    expect((await dav.req("COPY", "/dav/f.txt")).status).toBe(400);
    expect((await copy("/dav/missing.txt", "/dav/x.txt")).status).toBe(404);
    expect((await copy("/dav/f.txt", "/dav/x.txt", { overwrite: "maybe" })).status).toBe(400);
  });

  it("honours If-Match, If-None-Match and If-Unmodified-Since on the source (412 copies nothing)", async () => {
    const etag = (await dav.put("/dav/cond.txt", "c")).headers.get("etag")!;
    const past = new Date(Date.now() - 3600_000).toUTCString();
    for (const headers of [{ "if-match": '"nope"' }, { "if-none-match": etag }, { "if-unmodified-since": past }] as Record<string, string>[]) {
      expect((await copy("/dav/cond.txt", "/dav/cond-copy.txt", headers)).status, JSON.stringify(headers)).toBe(412);
    }
    expect((await dav.req("GET", "/dav/cond-copy.txt")).status).toBe(404);
    expect((await copy("/dav/cond.txt", "/dav/cond-copy.txt", { "if-match": etag })).status).toBe(201);
    expect((await copy("/dav/cond-absent.txt", "/dav/cond-copy2.txt", { "if-match": "*" })).status).toBe(412);
  });
});
