import http from "node:http";
import sharp from "sharp";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin, signIn } from "../helpers/haven-server";

type Node = { id: number; name: string; isFolder: boolean };
type Link = { id: number; token: string; url: string; mode: string; downloadCount: number; viewCount: number; lastAccessAt: string | null };
type Entry = { id: number; name: string; previewUrl: string | null; viewerUrl: string | null; downloadUrl: string | null };

const MiB = 1024 * 1024;

/** A raw GET whose path is sent exactly as given (fetch would normalise "..", and percent-encoding). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("public links and internal shares against the built server", () => {
  let haven: HavenProcess;
  let owner: ApiClient;
  let bob: ApiClient;
  let bobId: number;
  let rootId: number;
  const secretText = "TOP-SECRET-CONTENT-0123456789";

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${haven.url}${path}`, { headers, redirect: "manual" });
  const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());
  const link = (body: Record<string, unknown>) => owner.ok<Link>("POST", "/api/shares/links", body);
  const folder = (parentId: number, name: string) => owner.ok<Node>("POST", `/api/nodes/${parentId}/children`, { name });
  /** An anonymous tus creation-with-upload through a share link's token. */
  const shareUpload = (token: string, name: string, body: Buffer, meta: Record<string, string> = {}) =>
    fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: {
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(body.length),
        "Upload-Metadata": Object.entries({ filename: name, shareToken: token, ...meta }).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(","),
        "Content-Type": "application/offset+octet-stream",
      },
      body: new Uint8Array(body),
    });

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    owner = new ApiClient(haven.url, await setupAdmin(haven.url));
    rootId = (await owner.ok<Node>("GET", "/api/nodes/root")).id;
    bobId = (await owner.ok<{ id: number }>("POST", "/api/admin/users", { username: "bob", password: "bob-password-1" })).id;
    bob = new ApiClient(haven.url, await signIn(haven.url, "bob", "bob-password-1"));
  });
  afterAll(async () => haven?.destroy());

  it("issues unguessable tokens; listing /s/ or /api/public/shares/ reveals nothing", async () => {
    const f = await owner.upload(rootId, "token.txt", Buffer.from(secretText));
    const tokens = await Promise.all([1, 2, 3].map(() => link({ nodeId: f })));
    for (const l of tokens) {
      expect(l.token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(l.token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
      expect(l.url).toBe(`/s/${l.token}`);
    }
    expect(new Set(tokens.map((t) => t.token)).size).toBe(3);
    for (const path of ["/s/", "/s", "/api/public/shares/", "/api/public/shares", "/api/public/shares/AAAAAAAAAAAAAAAAAAAAAA", "/api/public/shares/AAAAAAAAAAAAAAAAAAAAAA/download/1"]) {
      const res = await fetch(`${haven.url}${path}`, { redirect: "follow" });
      const text = await res.text();
      expect(res.status, path).toBe(404);
      for (const t of tokens) expect(text, path).not.toContain(t.token);
      expect(text, path).not.toContain(secretText);
    }
  });

  it("a revoked, expired or over-limit link gets no bytes by any route", async () => {
    const dir = await folder(rootId, "gone");
    const f = await owner.upload(dir.id, "gone.txt", Buffer.from(secretText));
    const revoked = await link({ nodeId: dir.id });
    const expiring = await link({ nodeId: dir.id, expiresAt: new Date(Date.now() + 1500).toISOString() });
    const limited = await link({ nodeId: dir.id, downloadLimit: 1 });
    const viewers = new Map<string, string>();
    for (const l of [revoked, expiring, limited]) {
      const listing = (await (await get(`/api/public/shares/${l.token}/children`)).json()) as { entries: Entry[] };
      viewers.set(l.token, listing.entries.find((e) => e.id === f)!.viewerUrl!);
    }
    expect((await get(`/api/public/shares/${limited.token}/download/${f}`)).status).toBe(200);
    expect((await owner.call("DELETE", `/api/shares/links/${revoked.id}`)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1600));

    for (const [l, status] of [[revoked, 404], [expiring, 410], [limited, 410]] as const) {
      const base = `/api/public/shares/${l.token}`;
      const routes = [base, `${base}/children`, `${base}/download/${f}`, `${base}/zip`, `${base}/zip?ids=${f}`, viewers.get(l.token)!, `${base}/preview/${f}`];
      for (const path of routes) {
        const res = await get(path, { range: "bytes=0-" });
        const body = await bytesOf(res);
        expect(res.status, `${l.mode} ${path}`).toBe(status);
        expect(body.toString(), path).not.toContain(secretText);
      }
      expect((await shareUpload(l.token, "x.txt", Buffer.from("abc"))).status).toBe(status);
    }
    expect((await get(`/api/files/${f}/content`)).status).toBe(401);
  });

  it("preview-only: no raw bytes through download, zip, content URL, WebDAV, a full range, or a full-size image", async () => {
    const dir = await folder(rootId, "preview-only");
    const original = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 20, b: 20 } } }).png().toBuffer();
    const image = await owner.upload(dir.id, "big.png", original);
    const video = Buffer.alloc(3 * MiB, 7);
    const clip = await owner.upload(dir.id, "clip.mp4", video);
    const l = await link({ nodeId: dir.id, mode: "preview" });
    const base = `/api/public/shares/${l.token}`;
    const listing = (await (await get(`${base}/children`)).json()) as { entries: Entry[] };
    const clipEntry = listing.entries.find((e) => e.id === clip)!;
    const imageEntry = listing.entries.find((e) => e.id === image)!;
    expect(clipEntry.downloadUrl).toBeNull();
    expect(imageEntry.downloadUrl).toBeNull();

    for (const path of [`${base}/download/${clip}`, `${base}/download/${image}`, `${base}/zip`, `${base}/zip?ids=${clip}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect((await bytesOf(res)).length).toBeLessThan(500);
    }
    for (const id of [clip, image]) expect((await get(`/api/files/${id}/content`)).status).toBe(401);
    const dav = await get(`/dav/preview-only/clip.mp4`, { authorization: `Basic ${Buffer.from(`${l.token}:${l.token}`).toString("base64")}` });
    expect(dav.status).toBe(401);

    const full = await get(clipEntry.viewerUrl!, { range: "bytes=0-" });
    expect(full.status).toBe(206);
    expect(full.headers.get("content-range")).toBe(`bytes 0-${MiB - 1}/${3 * MiB}`);
    expect((await bytesOf(full)).length).toBe(MiB);
    const noRange = await get(clipEntry.viewerUrl!);
    expect(noRange.status).toBe(206);
    expect((await bytesOf(noRange)).length).toBe(MiB);
    const asDocument = await get(clipEntry.viewerUrl!, { "sec-fetch-dest": "document" });
    expect(asDocument.status).toBe(403);
    expect((await get(`${base}/stream/${clip}`, { range: "bytes=0-" })).status).toBe(404);
    expect((await get(`${base}/stream/${clip}?vt=99999999999.forged`, { range: "bytes=0-" })).status).toBe(404);

    const preview = await get(`${base}/preview/${image}?w=100000`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/webp");
    const rendered = await bytesOf(preview);
    const meta = await sharp(rendered).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(1600);
    expect(rendered.equals(original)).toBe(false);
    const thumb = await sharp(await bytesOf(await get(`${base}/preview/${image}?w=256`))).metadata();
    expect([thumb.width, thumb.height]).toEqual([256, 171]);
  });

  it("path escape from a shared folder (.., encoded, an id outside the share) is 404", async () => {
    const dir = await folder(rootId, "shared-box");
    const inner = await owner.upload(dir.id, "inner.txt", Buffer.from("inner"));
    const outside = await owner.upload(rootId, "outside.txt", Buffer.from(secretText));
    const l = await link({ nodeId: dir.id });
    const base = `/api/public/shares/${l.token}`;
    expect((await get(`${base}/download/${inner}`)).status).toBe(200);
    for (const path of [
      `${base}/children?folderId=${rootId}`,
      `${base}/children?folderId=abc`,
      `${base}/download/${outside}`,
      `${base}/preview/${outside}`,
      `${base}/zip?ids=${outside}`,
      `${base}/zip?ids=${inner},${outside}`,
      `${base}/download/..%2F${outside}`,
      `${base}/download/%2e%2e%2f${outside}`,
      `${base}/download/${inner}%2F..%2F${outside}`,
      `/api/public/shares/${l.token}%2F..%2F..%2Ffiles%2F${outside}/download/${outside}`,
    ]) {
      const res = await rawGet(haven.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString(), path).not.toContain(secretText);
    }
    // A literal ".." is resolved by the URL parser before routing: it leaves the share's routes altogether.
    const dotted = await rawGet(haven.port, `${base}/download/../../../../files/${outside}/content`);
    expect([401, 404]).toContain(dotted.status);
    expect(dotted.body.toString()).not.toContain(secretText);
    const rename = await fetch(`${haven.url}${base}/nodes/${outside}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x" }) });
    expect(rename.status).toBe(403);
  });

  it("throttles share-password brute force, then remembers the right password in a signed HttpOnly cookie", async () => {
    const f = await owner.upload(rootId, "locked.txt", Buffer.from(secretText));
    const l = await link({ nodeId: f, password: "the right one" });
    const base = `/api/public/shares/${l.token}`;
    const guess = (password: string, headers: Record<string, string> = {}) =>
      fetch(`${haven.url}${base}/password`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ password }) });
    expect((await (await get(base)).json()) as unknown).toMatchObject({ error: { code: "PASSWORD_REQUIRED" } });
    expect((await get(`${base}/download/${f}`)).status).toBe(401);

    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await guess(`wrong ${i}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await guess("the right one")).status).toBe(429);

    const l2 = await link({ nodeId: f, password: "second secret" });
    const base2 = `/api/public/shares/${l2.token}`;
    const ok = await fetch(`${haven.url}${base2}/password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: "second secret" }) });
    expect(ok.status).toBe(204);
    const setCookie = ok.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(";")[0]!;
    expect((await get(base2, { cookie })).status).toBe(200);
    expect((await bytesOf(await get(`${base2}/download/${f}`, { cookie }))).toString()).toBe(secretText);
    const [name, value] = cookie.split("=");
    expect((await get(base2, { cookie: `${name}=${value}0` })).status).toBe(401);
    await owner.ok("PATCH", `/api/shares/links/${l2.id}`, { password: "changed secret" });
    expect((await get(base2, { cookie })).status).toBe(401);
  });

  it("never serves HTML or SVG inline without a sandbox CSP", async () => {
    const dir = await folder(rootId, "active");
    await owner.upload(dir.id, "evil.html", Buffer.from("<script>alert(document.cookie)</script>"));
    const svg = await owner.upload(dir.id, "evil.svg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    for (const mode of ["view", "preview"]) {
      const l = await link({ nodeId: dir.id, mode });
      const base = `/api/public/shares/${l.token}`;
      const listing = (await (await get(`${base}/children`)).json()) as { entries: Entry[] };
      const svgEntry = listing.entries.find((e) => e.id === svg)!;
      expect(svgEntry.previewUrl).toBeNull();
      expect((await get(`${base}/preview/${svg}`)).status).toBe(404);
      const urls = listing.entries.flatMap((e) => [e.viewerUrl, e.downloadUrl]).filter((u): u is string => u !== null);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) {
        const res = await get(url, { range: "bytes=0-" });
        const type = res.headers.get("content-type") ?? "";
        const csp = res.headers.get("content-security-policy") ?? "";
        expect(res.headers.get("x-content-type-options"), url).toBe("nosniff");
        expect(type, url).not.toMatch(/html|svg|xml/);
        expect(csp, url).toContain("sandbox");
      }
    }
  });

  it("refuses to let a user without permission share someone else's node (404)", async () => {
    const f = await owner.upload(rootId, "mine.txt", Buffer.from("mine"));
    expect((await bob.call("POST", "/api/shares/links", { nodeId: f })).status).toBe(404);
    expect((await bob.call("POST", "/api/shares/grants", { nodeId: f, userId: bobId, permission: "edit" })).status).toBe(404);
    expect((await bob.call("GET", `/api/shares/grants?nodeId=${f}`)).status).toBe(404);
    const l = await link({ nodeId: f });
    expect((await bob.call("DELETE", `/api/shares/links/${l.id}`)).status).toBe(404);
    expect((await bob.call("PATCH", `/api/shares/links/${l.id}`, { mode: "view" })).status).toBe(404);
    expect((await get("/api/shares/links")).status).toBe(401);
  });

  it("an internal-share recipient reads, writes with edit, and loses access at once on revoke (REST, content, WebDAV)", async () => {
    const outer = await folder(rootId, "private-outer");
    const shared = await folder(outer.id, "project");
    const doc = await owner.upload(shared.id, "plan.txt", Buffer.from(secretText));
    const found = await owner.ok<{ users: { id: number; username: string }[] }>("GET", "/api/users/search?q=BO");
    expect(found.users.map((u) => u.username)).toEqual(["bob"]);
    const grant = await owner.ok<{ id: number; permission: string }>("POST", "/api/shares/grants", { nodeId: shared.id, userId: bobId, permission: "view" });

    const withMe = await bob.ok<{ items: { grantId: number; node: Node; owner: { username: string } }[] }>("GET", "/api/shares/with-me");
    expect(withMe.items.map((i) => [i.grantId, i.node.name, i.owner.username])).toEqual([[grant.id, "project", "admin"]]);
    const detail = await bob.ok<{ crumbs: { name: string }[] }>("GET", `/api/nodes/${doc}`);
    expect(detail.crumbs.map((c) => c.name)).toEqual(["project", "plan.txt"]);
    expect((await bob.call("GET", `/api/nodes/${outer.id}`)).status).toBe(404);
    expect((await bytesOf(await get(`/api/files/${doc}/content`, { cookie: bob.cookie }))).toString()).toBe(secretText);
    await expect(bob.upload(shared.id, "bob.txt", Buffer.from("bob"))).rejects.toThrow(/403/);

    await owner.ok("PATCH", `/api/shares/grants/${grant.id}`, { permission: "edit" });
    const bobFile = await bob.upload(shared.id, "bob.txt", Buffer.from("from bob"));
    const ownerView = await owner.ok<{ items: Node[] }>("GET", `/api/nodes/${shared.id}/children`);
    expect(ownerView.items.map((n) => n.id)).toContain(bobFile);
    const byMe = await owner.ok<{ grants: { id: number }[] }>("GET", "/api/shares/by-me");
    expect(byMe.grants.map((g) => g.id)).toContain(grant.id);

    const dav = { authorization: `Basic ${Buffer.from("bob:bob-password-1").toString("base64")}` };
    expect((await get("/dav/", dav)).status).not.toBe(401);
    expect((await get("/dav/project/plan.txt", dav)).status).toBe(404);

    expect((await owner.call("DELETE", `/api/shares/grants/${grant.id}`)).status).toBe(204);
    expect((await bob.call("GET", `/api/nodes/${doc}`)).status).toBe(404);
    expect((await get(`/api/files/${doc}/content`, { cookie: bob.cookie })).status).toBe(404);
    expect((await get(`/api/zip?ids=${shared.id}`, { cookie: bob.cookie })).status).toBe(404);
    expect((await bob.ok<{ items: unknown[] }>("GET", "/api/shares/with-me")).items).toEqual([]);
    await expect(bob.upload(shared.id, "late.txt", Buffer.from("late"))).rejects.toThrow(/404/);
  });

  it("upload-only: anonymous tus uploads land in the folder, keep both on conflict, and reveal nothing", async () => {
    const drop = await folder(rootId, "drop");
    await owner.upload(drop.id, "cv.pdf", Buffer.from("existing cv"));
    const l = await link({ nodeId: drop.id, mode: "upload", uploadSizeLimit: 100 });
    const first = await shareUpload(l.token, "cv.pdf", Buffer.from("visitor cv"));
    expect(first.status).toBe(201);
    expect(first.headers.get("haven-node-id")).toBeNull();
    expect(first.headers.get("haven-node-name")).toBeNull();
    expect((await shareUpload(l.token, "too-big.bin", Buffer.alloc(101))).status).toBe(413);
    expect((await get(`/api/public/shares/${l.token}/children`)).status).toBe(403);
    const page = (await (await get(`/api/public/shares/${l.token}`)).json()) as { mode: string; isFolder: boolean };
    expect(page).toMatchObject({ mode: "upload", isFolder: true });
    const names = (await owner.ok<{ items: Node[] }>("GET", `/api/nodes/${drop.id}/children`)).items.map((n) => n.name).sort();
    expect(names).toEqual(["cv (1).pdf", "cv.pdf"]);
  });

  it("upload-only: tus creations without bytes never block the owner's writes; probes, the link JSON and a 507 reveal nothing", async () => {
    await owner.ok("POST", "/api/admin/users", { username: "carol", password: "carol-password-1", quota: 1000 });
    const carol = new ApiClient(haven.url, await signIn(haven.url, "carol", "carol-password-1"));
    const carolRoot = (await carol.ok<Node>("GET", "/api/nodes/root")).id;
    const drop = await carol.ok<Node>("POST", `/api/nodes/${carolRoot}/children`, { name: "inbox" });
    const l = await carol.ok<Link>("POST", "/api/shares/links", { nodeId: drop.id, mode: "upload" });
    /** A tus creation through the link: no body unless given. */
    const create = (length: number, meta: Record<string, string>, body?: Buffer) =>
      fetch(`${haven.url}/api/upload/`, {
        method: "POST",
        headers: {
          "Tus-Resumable": "1.0.0",
          "Upload-Length": String(length),
          "Upload-Metadata": Object.entries({ shareToken: l.token, ...meta }).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(","),
          ...(body ? { "Content-Type": "application/offset+octet-stream" } : {}),
        },
        body: body ? new Uint8Array(body) : undefined,
      });

    for (const i of [1, 2, 3]) expect((await create(300, { filename: `hold-${i}.bin` })).status).toBe(201);
    // The owner's own upload still fits: nothing waits for the visitors' empty reservations.
    await carol.upload(drop.id, "mine.bin", Buffer.alloc(900));
    const full = await create(200, { filename: "late.bin" });
    expect(full.status).toBe(507);
    expect(await full.text()).not.toMatch(/\d{3}/);

    // A path through an existing file is no probe: it lands beside it, and the answer names nothing.
    const probeDrop = await folder(rootId, "probe-drop");
    await owner.upload(probeDrop.id, "existing.pdf", Buffer.from("secret"));
    const probeLink = await link({ nodeId: probeDrop.id, mode: "upload" });
    const probe = await shareUpload(probeLink.token, "x.txt", Buffer.from("x"), { relativePath: "existing.pdf/x.txt" });
    expect(probe.status).toBe(201);
    expect(await probe.text()).not.toContain("existing");
    const names = (await owner.ok<{ items: Node[] }>("GET", `/api/nodes/${probeDrop.id}/children`)).items.map((n) => n.name).sort();
    expect(names).toEqual(["existing (1).pdf", "existing.pdf"]);

    const page = (await (await get(`/api/public/shares/${l.token}`)).json()) as { size: number | null; root: { size: number | null; mtime: string | null } };
    expect(page.size).toBeNull();
    expect(page.root).toMatchObject({ size: null, mtime: null });
  });

  it("a view link's viewer stream counts a download once a whole file's worth is streamed", async () => {
    const dir = await folder(rootId, "streamed");
    const body = Buffer.alloc(2.5 * MiB, "a");
    const f = await owner.upload(dir.id, "notes.txt", body);
    const l = await link({ nodeId: dir.id, downloadLimit: 5 });
    const listing = (await (await get(`/api/public/shares/${l.token}/children`)).json()) as { entries: Entry[] };
    const viewerUrl = listing.entries.find((e) => e.id === f)!.viewerUrl!;
    const count = async () => (await owner.ok<{ links: Link[] }>("GET", `/api/shares/links?nodeId=${dir.id}`)).links.find((x) => x.id === l.id)!.downloadCount;
    let got = 0;
    for (const start of [0, MiB]) {
      const res = await get(viewerUrl, { range: `bytes=${start}-` });
      expect(res.status).toBe(206);
      got += (await bytesOf(res)).length;
    }
    expect(await count()).toBe(0);
    const last = await get(viewerUrl, { range: `bytes=${2 * MiB}-` });
    got += (await bytesOf(last)).length;
    expect(got).toBe(body.length);
    expect(await count()).toBe(1);
  });

  it("counts views, each download, and a zip once; stops at the limit", async () => {
    const dir = await folder(rootId, "counted");
    const a = await owner.upload(dir.id, "a.txt", Buffer.from("a"));
    const l = await link({ nodeId: dir.id, downloadLimit: 2 });
    const base = `/api/public/shares/${l.token}`;
    expect((await get(base)).status).toBe(200);
    const zip = await get(`${base}/zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    await bytesOf(zip);
    expect((await get(`${base}/download/${a}`)).status).toBe(200);
    expect((await get(`${base}/download/${a}`)).status).toBe(410);
    const stats = (await owner.ok<{ links: Link[] }>("GET", `/api/shares/links?nodeId=${dir.id}`)).links.find((x) => x.id === l.id)!;
    expect(stats).toMatchObject({ downloadCount: 2, viewCount: 1 });
    expect(stats.lastAccessAt).not.toBeNull();
  });

  it("tus-js-client uploads in chunks through a password-protected read-write link; revoking stops the next chunk", async () => {
    const box = await folder(rootId, "rw-box");
    const l = await link({ nodeId: box.id, mode: "edit", password: "rw secret" });
    const unlock = await fetch(`${haven.url}/api/public/shares/${l.token}/password`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: "rw secret" }) });
    const cookie = unlock.headers.get("set-cookie")!.split(";")[0]!;
    const data = Buffer.alloc(3 * MiB, 9);
    const run = (name: string, headers: Record<string, string>, onChunk?: (sent: number) => Promise<void>) =>
      new Promise<{ ok: boolean; error?: string }>((resolve) => {
        let pending: Promise<void> | undefined;
        const upload = new tus.Upload(data, {
          endpoint: `${haven.url}/api/upload/`,
          chunkSize: MiB,
          retryDelays: [],
          headers,
          metadata: { filename: name, shareToken: l.token },
          onChunkComplete(_size, sent) {
            if (onChunk && !pending) pending = onChunk(sent);
          },
          onShouldRetry: () => false,
          onError: (e) => resolve({ ok: false, error: String(e) }),
          onSuccess: () => resolve({ ok: true }),
        });
        // Pause after the first chunk until onChunk's work is done, so the next PATCH sees its effect.
        if (onChunk) {
          const original = upload.options.onChunkComplete!;
          upload.options.onChunkComplete = (size, sent, total) => {
            original(size, sent, total);
            if (sent < total) {
              upload.abort().then(() => pending!.then(() => upload.start()), () => undefined);
            }
          };
        }
        upload.start();
      });
    expect((await run("no-cookie.bin", {})).ok).toBe(false);
    expect(await run("big.bin", { cookie })).toEqual({ ok: true });
    const listing = (await (await get(`/api/public/shares/${l.token}/children`, { cookie })).json()) as { entries: Entry[] };
    const entry = listing.entries.find((e) => e.name === "big.bin")!;
    expect(entry).toBeDefined();
    const back = await get(entry.downloadUrl!, { cookie });
    expect((await bytesOf(back)).equals(data)).toBe(true);

    let revoked = false;
    const cut = await run("cut.bin", { cookie }, async () => {
      if (revoked) return;
      revoked = true;
      expect((await owner.call("DELETE", `/api/shares/links/${l.id}`)).status).toBe(204);
    });
    expect(cut.ok).toBe(false);
    expect(cut.error).toMatch(/404/);
    const names = (await owner.ok<{ items: Node[] }>("GET", `/api/nodes/${box.id}/children`)).items.map((n) => n.name);
    expect(names).toEqual(["big.bin"]);
  });

  it("enforces the admin share policy server-side; turning links off makes existing links 404", async () => {
    const f = await owner.upload(rootId, "policy.txt", Buffer.from(secretText));
    const existing = await link({ nodeId: f });
    expect((await bob.call("PUT", "/api/admin/settings/share-policy", { publicLinks: false })).status).toBe(403);
    expect(await owner.ok("GET", "/api/admin/settings/share-policy")).toEqual({ publicLinks: true, requirePassword: false, maxExpiryDays: null, allowUploadLinks: true, partnersMayShare: false });
    try {
      await owner.ok("PUT", "/api/admin/settings/share-policy", { requirePassword: true, maxExpiryDays: 3, allowUploadLinks: false });
      expect((await owner.call("POST", "/api/shares/links", { nodeId: f })).status).toBe(400);
      expect((await owner.call("POST", "/api/shares/links", { nodeId: f, password: "pw", expiresAt: new Date(Date.now() + 4 * 86_400_000).toISOString() })).status).toBe(400);
      expect((await owner.call("POST", "/api/shares/links", { nodeId: f, password: "pw", expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).status).toBe(201);
      expect((await owner.call("POST", "/api/shares/links", { nodeId: rootId, mode: "upload", password: "pw", expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).status).toBe(403);
      expect((await owner.call("PATCH", `/api/shares/links/${existing.id}`, { mode: "preview" })).status).toBe(400);
      await owner.ok("PUT", "/api/admin/settings/share-policy", { publicLinks: false });
      expect((await get(`/api/public/shares/${existing.token}`)).status).toBe(404);
      expect((await get(`/api/public/shares/${existing.token}/download/${f}`)).status).toBe(404);
    } finally {
      await owner.ok("PUT", "/api/admin/settings/share-policy", { publicLinks: true, requirePassword: false, maxExpiryDays: null, allowUploadLinks: true });
    }
    expect((await get(`/api/public/shares/${existing.token}/download/${f}`)).status).toBe(200);
  });
});

