import { describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";

describe("WebDAV DELETE", () => {
  const { dav, api } = useDavServer();

  it("moves files and whole folders to the trash (204), where they can be restored", async () => {
    await dav.mkcol("/dav/tree/");
    await dav.put("/dav/tree/leaf.txt", "leaf");
    await dav.put("/dav/lone.txt", "lone");
    expect((await dav.req("DELETE", "/dav/tree/")).status).toBe(204);
    expect((await dav.req("DELETE", "/dav/lone.txt")).status).toBe(204);
    expect((await dav.propfind("/dav/tree/leaf.txt", "0")).status).toBe(404);
    const trash = await api.ok<{ items: { id: number; name: string; originalPath: string }[] }>("GET", "/api/trash");
    expect(trash.items.map((e) => e.name).sort()).toEqual(["lone.txt", "tree"]);
    await api.ok("POST", "/api/trash/restore", { ids: trash.items.filter((e) => e.name === "tree").map((e) => e.id) });
    expect((await dav.req("GET", "/dav/tree/leaf.txt")).text).toBe("leaf");
  });

  it("answers 404 for missing targets, 403 for the root, 400 for a shallow folder delete", async () => {
    expect((await dav.req("DELETE", "/dav/never.txt")).status).toBe(404);
    expect((await dav.req("DELETE", "/dav/")).status).toBe(403);
    await dav.mkcol("/dav/shallow/");
    expect((await dav.req("DELETE", "/dav/shallow/", { headers: { depth: "0" } })).status).toBe(400);
    expect((await dav.req("DELETE", "/dav/shallow/", { headers: { depth: "infinity" } })).status).toBe(204);
  });

  it("honours If-Match, If-None-Match and If-Unmodified-Since (412 keeps the file)", async () => {
    const etag = (await dav.put("/dav/cond.txt", "c")).headers.get("etag")!;
    const past = new Date(Date.now() - 3600_000).toUTCString();
    for (const headers of [{ "if-match": '"nope"' }, { "if-none-match": etag }, { "if-none-match": "*" }, { "if-unmodified-since": past }] as Record<string, string>[]) {
      expect((await dav.req("DELETE", "/dav/cond.txt", { headers })).status, JSON.stringify(headers)).toBe(412);
    }
    expect((await dav.req("GET", "/dav/cond.txt")).text).toBe("c");
    expect((await dav.req("DELETE", "/dav/cond.txt", { headers: { "if-match": etag } })).status).toBe(204);
    expect((await dav.req("DELETE", "/dav/cond.txt", { headers: { "if-match": "*" } })).status).toBe(412);
  });
});
