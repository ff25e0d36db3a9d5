import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { unzip } from "../helpers/files";
import { HavenProcess, setupAdmin, signIn } from "../helpers/haven-server";

type Node = { id: number; name: string; size: number; etag: string; isFolder: boolean };

describe("HTTP API against the built server", () => {
  let haven: HavenProcess;
  let admin: ApiClient;
  let rootId: number;

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    admin = new ApiClient(haven.url, await setupAdmin(haven.url));
    rootId = (await admin.ok<Node>("GET", "/api/nodes/root")).id;
  });
  afterAll(async () => haven?.destroy());

  it("answers health without auth, and 401 for everything else without a session", async () => {
    expect(await (await fetch(`${haven.url}/api/health`)).json()).toEqual({ ok: true, database: "ok", storage: "ok" });
    for (const path of ["/api/me", "/api/nodes/root", `/api/nodes/${rootId}/children`, `/api/files/1/content`, "/api/zip?ids=1", "/api/admin/users"]) {
      expect((await fetch(`${haven.url}${path}`)).status, path).toBe(401);
    }
    expect((await fetch(`${haven.url}/api/setup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "again", password: "long enough pw" }) })).status).toBe(409);
  });

  it("serves ranges, ETags, 304s and RFC 6266 names for Chinese file names", async () => {
    const body = Buffer.from("0123456789abcdefghij");
    const id = await admin.upload(rootId, "季度报告 v2.txt", body);
    const url = `${haven.url}/api/files/${id}/content`;
    const full = await fetch(`${url}?download=1`, { headers: { cookie: admin.cookie } });
    expect(full.status).toBe(200);
    expect(Buffer.from(await full.arrayBuffer())).toEqual(body);
    expect(full.headers.get("content-disposition")).toBe(`attachment; filename="???? v2.txt"; filename*=UTF-8''%E5%AD%A3%E5%BA%A6%E6%8A%A5%E5%91%8A%20v2.txt`);
    expect(full.headers.get("x-content-type-options")).toBe("nosniff");
    const etag = full.headers.get("etag")!;
    const lastModified = full.headers.get("last-modified")!;
    expect(etag).toMatch(/^".+"$/);

    const part = await fetch(url, { headers: { cookie: admin.cookie, range: "bytes=5-9" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 5-9/20");
    expect(await part.text()).toBe("56789");
    const suffix = await fetch(url, { headers: { cookie: admin.cookie, range: "bytes=-3" } });
    expect(await suffix.text()).toBe("hij");
    const unsatisfiable = await fetch(url, { headers: { cookie: admin.cookie, range: "bytes=50-60" } });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get("content-range")).toBe("bytes */20");
    const staleIfRange = await fetch(url, { headers: { cookie: admin.cookie, range: "bytes=0-1", "if-range": '"stale"' } });
    expect(staleIfRange.status).toBe(200);

    expect((await fetch(url, { headers: { cookie: admin.cookie, "if-none-match": etag } })).status).toBe(304);
    expect((await fetch(url, { headers: { cookie: admin.cookie, "if-modified-since": lastModified } })).status).toBe(304);
    const head = await fetch(url, { method: "HEAD", headers: { cookie: admin.cookie } });
    expect(head.headers.get("content-length")).toBe("20");
  });

  it("never serves HTML or SVG inline", async () => {
    const id = await admin.upload(rootId, "evil.svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    const res = await fetch(`${haven.url}/api/files/${id}/content`, { headers: { cookie: admin.cookie } });
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-security-policy")).toMatch(/sandbox/);
  });

  it("serves only passive types inline (one rule for the drive and WebDAV) and text as UTF-8", async () => {
    const cases: Array<[name: string, type: string, disposition: "inline" | "attachment"]> = [
      ["会议记录.txt", "text/plain; charset=utf-8", "inline"],
      ["notes.md", "text/markdown; charset=utf-8", "inline"],
      ["clip.webm", "video/webm", "inline"],
      ["song.mp3", "audio/mpeg", "inline"],
      ["photo.png", "image/png", "inline"],
      ["plan.pdf", "application/pdf", "inline"],
      ["style.xslt", "application/octet-stream", "attachment"],
      ["graph.rdf", "application/octet-stream", "attachment"],
      ["formula.mml", "application/octet-stream", "attachment"],
      ["feed.atom", "application/octet-stream", "attachment"],
      ["sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"],
      ["data.json", "application/json", "attachment"],
    ];
    const folder = await admin.ok<Node>("POST", `/api/nodes/${rootId}/children`, { name: "types" });
    const basic = `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`;
    for (const [name, type, disposition] of cases) {
      const body = Buffer.from(name.endsWith(".txt") ? "会议记录：周五发布" : "x");
      const id = await admin.upload(folder.id, name, body);
      const browser = await fetch(`${haven.url}/api/files/${id}/content`, { headers: { cookie: admin.cookie } });
      const dav = await fetch(`${haven.url}/dav/types/${encodeURIComponent(name)}`, { headers: { authorization: basic } });
      for (const [door, res] of [["browser", browser], ["webdav", dav]] as const) {
        expect(res.status, `${door} ${name}`).toBe(200);
        expect(res.headers.get("content-type"), `${door} ${name}`).toBe(type);
        expect(res.headers.get("content-disposition"), `${door} ${name}`).toMatch(new RegExp(`^${disposition}`));
        expect(res.headers.get("content-security-policy"), `${door} ${name}`).toMatch(/sandbox/);
      }
      if (name.endsWith(".txt")) expect(await browser.text()).toBe("会议记录：周五发布");
    }
  });

  it("streams folders and selections as zips with the tree inside", async () => {
    const folder = await admin.ok<Node>("POST", `/api/nodes/${rootId}/children`, { name: "相册" });
    const sub = await admin.ok<Node>("POST", `/api/nodes/${folder.id}/children`, { name: "2024" });
    await admin.upload(sub.id, "a.bin", Buffer.alloc(70_000, 1));
    await admin.upload(folder.id, "readme.md", Buffer.from("# hi"));
    await admin.ok("POST", `/api/nodes/${folder.id}/children`, { name: "empty" });
    const res = await fetch(`${haven.url}/api/zip?ids=${folder.id}`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''%E7%9B%B8%E5%86%8C.zip");
    const files = await unzip(Buffer.from(await res.arrayBuffer()));
    expect([...files.keys()].sort()).toEqual(["相册/", "相册/2024/", "相册/2024/a.bin", "相册/empty/", "相册/readme.md"]);
    expect(createHash("sha256").update(files.get("相册/2024/a.bin")!).digest("hex")).toBe(createHash("sha256").update(Buffer.alloc(70_000, 1)).digest("hex"));
    expect(files.get("相册/readme.md")!.toString()).toBe("# hi");
  });

  it("maps bad input to clear errors", async () => {
    const bad = await admin.call<{ error: { code: string; message: string } }>("POST", `/api/nodes/${rootId}/children`, { name: "a/b" });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toEqual({ code: "INVALID_NAME", message: 'A name cannot contain "/".' });
    const invalid = await admin.call<{ error: { code: string } }>("POST", "/api/nodes/move", { ids: "nope" });
    expect(invalid.status).toBe(422);
    const notJson = await fetch(`${haven.url}/api/nodes/${rootId}/children`, { method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect((await admin.call("GET", "/api/nodes/999999")).status).toBe(404);
    expect((await admin.call("GET", "/api/nodes/abc")).status).toBe(404);
    expect((await admin.call("POST", "/api/nodes/move", { ids: [rootId], targetId: rootId })).status).toBe(403);
    const crossSite = await fetch(`${haven.url}/api/nodes/${rootId}/children`, {
      method: "POST",
      headers: { cookie: admin.cookie, "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ name: "planted" }),
    });
    expect(crossSite.status).toBe(403);
  });

  it("hides other users' nodes as 404 and keeps admin pages to admins", async () => {
    const secret = await admin.upload(rootId, "secret.txt", Buffer.from("x"));
    await admin.ok("POST", "/api/admin/users", { username: "bob", password: "bob-password-1", quota: 1000 });
    const bob = new ApiClient(haven.url, await signIn(haven.url, "bob", "bob-password-1"));
    expect((await bob.call("GET", `/api/nodes/${secret}`)).status).toBe(404);
    expect((await fetch(`${haven.url}/api/files/${secret}/content`, { headers: { cookie: bob.cookie } })).status).toBe(404);
    expect((await fetch(`${haven.url}/api/zip?ids=${secret}`, { headers: { cookie: bob.cookie } })).status).toBe(404);
    expect((await bob.call("PATCH", `/api/nodes/${secret}`, { name: "mine" })).status).toBe(404);
    expect((await bob.call("GET", "/api/admin/users")).status).toBe(403);

    const bobRoot = (await bob.ok<Node>("GET", "/api/nodes/root")).id;
    const over = await fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: { cookie: bob.cookie, "Tus-Resumable": "1.0.0", "Upload-Length": "1001", "Upload-Metadata": `filename ${Buffer.from("big").toString("base64")},parentId ${Buffer.from(String(bobRoot)).toString("base64")}` },
    });
    expect(over.status).toBe(507);
    const intoAlice = await fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: { cookie: bob.cookie, "Tus-Resumable": "1.0.0", "Upload-Length": "1", "Upload-Metadata": `filename ${Buffer.from("x").toString("base64")},parentId ${Buffer.from(String(rootId)).toString("base64")}` },
    });
    expect(intoAlice.status).toBe(404);

    const users = await admin.ok<{ items: { username: string; id: number }[] }>("GET", "/api/admin/users");
    const bobId = users.items.find((u) => u.username === "bob")!.id;
    await admin.ok("PATCH", `/api/admin/users/${bobId}`, { disabled: true });
    expect((await bob.call("GET", "/api/me")).status).toBe(401);
  });
});
