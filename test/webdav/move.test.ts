import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import type { DavClient } from "./dav-client";

const fileId = async (dav: DavClient, path: string) =>
  /<oc:fileid>(\d+)<\/oc:fileid>/.exec((await dav.propfind(path, "0", `<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>`)).text)?.[1];

describe("WebDAV MOVE", () => {
  const { dav } = useDavServer();
  beforeAll(async () => {
    await dav.mkcol("/dav/a/");
    await dav.mkcol("/dav/b/");
    await dav.put("/dav/a/file.txt", "content");
  });
  const move = (from: string, to: string, headers: Record<string, string> = {}) => dav.req("MOVE", from, { headers: { destination: to, ...headers } });

  it("renames and moves keeping the file id (201)", async () => {
    const id = await fileId(dav, "/dav/a/file.txt");
    expect((await move("/dav/a/file.txt", "/dav/a/renamed.txt")).status).toBe(201);
    expect((await move("/dav/a/renamed.txt", "/dav/b/moved.txt")).status).toBe(201);
    expect(await fileId(dav, "/dav/b/moved.txt")).toBe(id);
    expect((await dav.req("GET", "/dav/a/file.txt")).status).toBe(404);
    expect((await dav.req("GET", "/dav/b/moved.txt")).text).toBe("content");
  });

  it("moves folders with their contents, and refuses moving one into itself", async () => {
    await dav.mkcol("/dav/c/");
    await dav.put("/dav/c/in.txt", "in");
    expect((await move("/dav/c/", "/dav/b/c2/")).status).toBe(201);
    expect((await dav.req("GET", "/dav/b/c2/in.txt")).text).toBe("in");
    expect((await move("/dav/b/", "/dav/b/c2/b/")).status).toBe(409);
    expect((await move("/dav/b/", "/dav/x/", { depth: "0" })).status).toBe(400);
  });

  it("honours Overwrite: F is 412, T replaces (204) via the trash, folder over folder included", async () => {
    await dav.put("/dav/one.txt", "one");
    await dav.put("/dav/two.txt", "two");
    expect((await move("/dav/one.txt", "/dav/two.txt", { overwrite: "F" })).status).toBe(412);
    expect((await move("/dav/one.txt", "/dav/two.txt")).status).toBe(204);
    expect((await dav.req("GET", "/dav/two.txt")).text).toBe("one");
    await dav.mkcol("/dav/f1/");
    await dav.put("/dav/f1/x.txt", "x");
    await dav.mkcol("/dav/f2/");
    await dav.put("/dav/f2/y.txt", "y");
    expect((await move("/dav/f1/", "/dav/f2/")).status).toBe(204);
    expect((await dav.req("GET", "/dav/f2/x.txt")).text).toBe("x");
    expect((await dav.req("GET", "/dav/f2/y.txt")).status).toBe(404);
  });

  it("answers 409 without a destination parent, 403 onto itself, 502 to another host", async () => {
    expect((await move("/dav/two.txt", "/dav/missing/two.txt")).status).toBe(409);
    expect((await move("/dav/two.txt", "/dav/two.txt")).status).toBe(403);
    expect((await move("/dav/two.txt", "https://elsewhere.example/dav/two.txt")).status).toBe(502);
    expect((await move("/dav/", "/dav/root-moved/")).status).toBe(403);
  });

  it("honours If-Match, If-None-Match and If-Unmodified-Since on the source (412 moves nothing)", async () => {
    const etag = (await dav.put("/dav/cond.txt", "c")).headers.get("etag")!;
    const past = new Date(Date.now() - 3600_000).toUTCString();
    for (const headers of [{ "if-match": '"nope"' }, { "if-none-match": "*" }, { "if-unmodified-since": past }] as Record<string, string>[]) {
      expect((await move("/dav/cond.txt", "/dav/cond-moved.txt", headers)).status, JSON.stringify(headers)).toBe(412);
    }
    expect((await dav.req("GET", "/dav/cond-moved.txt")).status).toBe(404);
    expect((await move("/dav/cond.txt", "/dav/cond-moved.txt", { "if-match": etag })).status).toBe(201);
    expect((await dav.req("GET", "/dav/cond-moved.txt")).text).toBe("c");
  });
});
