import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { HavenCluster } from "../helpers/cluster";
import { signIn, setupAdmin } from "../helpers/haven-server";
import { postgresForTests } from "../helpers/postgres";
import { s3ForTests } from "../helpers/s3";
import { uploadUntil } from "../helpers/tus";
import { DavClient, hrefs, LOCK_BODY } from "../webdav/dav-client";

/**
 * Issue 11, scale-out: two built Havens on one PostgreSQL database and one radosgw bucket (S3 the site's default
 * policy), every point of "several instances behave as one" checked by sending the first half of a story to one
 * instance and the second half to the other. Uploads are locked across instances by PostgreSQL advisory locks.
 */
const MiB = 1024 * 1024;
const sha = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");
const S3 = await s3ForTests("skipping the two-instance scale-out test");
const PG = await postgresForTests("skipping the two-instance scale-out test");
const ADMIN = { username: "admin", password: "admin-password-1" };
const LISTING_PROPS = `<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/><d:getcontentlength/></d:prop></d:propfind>`;

type Node = { id: number; name: string; size: number; sha256: string };

describe.runIf(S3 && PG)("two instances on one PostgreSQL and one S3 bucket behave as one", () => {
  let cluster: HavenCluster;
  let a: string;
  let b: string;
  let adminA: ApiClient;
  let adminB: ApiClient;
  let sql: pg.Client;

  /** Creates an account (through A) and returns its id. */
  const user = async (username: string, password: string) => (await adminA.ok<{ id: number }>("POST", "/api/admin/users", { username, password })).id;
  const rootOf = async (api: ApiClient) => (await api.ok<{ id: number }>("GET", "/api/nodes/root")).id;

  beforeAll(async () => {
    cluster = await HavenCluster.start(2);
    [a, b] = cluster.instances.map((h) => h.url) as [string, string];
    adminA = new ApiClient(a, await setupAdmin(a, ADMIN.username, ADMIN.password));
    adminB = new ApiClient(b, adminA.cookie);
    sql = new pg.Client({ connectionString: cluster.db.url });
    await sql.connect();
  }, 180_000);
  afterAll(async () => {
    await sql?.end();
    await cluster?.destroy();
  });

  it("a session cookie signed in on A works on B, and signing out everywhere on B ends it on A", async () => {
    await user("sam", "sam-password-1");
    const cookie = await signIn(a, "sam", "sam-password-1");
    const onB = new ApiClient(b, cookie);
    expect((await onB.ok<{ username: string }>("GET", "/api/me")).username).toBe("sam");
    const other = new ApiClient(a, await signIn(b, "sam", "sam-password-1"));
    expect((await other.call("GET", "/api/me")).status).toBe(200);
    await onB.ok("POST", "/api/me/sessions/revoke-all", { includeCurrent: true });
    expect((await new ApiClient(a, cookie).call("GET", "/api/me")).status).toBe(401);
    expect((await other.call("GET", "/api/me")).status).toBe(401);
  });

  it("a tus upload begun on A resumes on B into the bucket, and its SHA-256 matches", async () => {
    const rootId = await rootOf(adminB);
    const data = randomBytes(30 * MiB);
    const first = await new Promise<string>((resolve) => {
      const upload = new tus.Upload(data, {
        endpoint: `${a}/api/upload/`,
        chunkSize: 10 * MiB,
        retryDelays: [],
        headers: { cookie: adminA.cookie },
        metadata: { filename: "moved.bin", parentId: String(rootId) },
        onChunkComplete(_size, sent) {
          if (sent >= 10 * MiB) void upload.abort().then(() => resolve(upload.url!));
        },
        onError: () => resolve(upload.url!),
      });
      upload.start();
    });
    const onB = `${b}${new URL(first).pathname}`;
    const head = await fetch(onB, { method: "HEAD", headers: { cookie: adminA.cookie, "Tus-Resumable": "1.0.0" } });
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get("upload-offset"));
    expect(offset).toBeGreaterThanOrEqual(10 * MiB);
    expect(await cluster.bucket.openMultipartUploads()).toHaveLength(1);
    const second = await uploadUntil(data, { endpoint: `${b}/api/upload/`, cookie: adminA.cookie, parentId: rootId, name: "moved.bin", uploadUrl: onB });
    expect(second.interrupted).toBe(false);
    expect(second.firstOffset).toBeGreaterThanOrEqual(offset);
    const file = (await adminA.ok<{ items: Node[] }>("GET", `/api/nodes/${rootId}/children`)).items.find((n) => n.name === "moved.bin")!;
    expect(file.sha256).toBe(sha(data));
    expect(sha(Buffer.from(await (await fetch(`${a}/api/files/${file.id}/content`, { headers: { cookie: adminA.cookie } })).arrayBuffer()))).toBe(sha(data));
    expect(await cluster.bucket.openMultipartUploads()).toEqual([]);
  });

  it("a WebDAV LOCK taken on A is honoured on B, and B can release it with the token", async () => {
    const onA = new DavClient(a, ADMIN);
    const onB = new DavClient(b, ADMIN);
    expect((await onA.put("/dav/locked.txt", "v1")).status).toBe(201);
    const lock = await onA.req("LOCK", "/dav/locked.txt", { headers: { timeout: "Second-600", depth: "0" }, body: LOCK_BODY() });
    expect(lock.status).toBe(200);
    const token = DavClient.token(lock);
    expect((await onB.put("/dav/locked.txt", "v2")).status).toBe(423);
    expect((await onB.req("DELETE", "/dav/locked.txt")).status).toBe(423);
    expect((await onB.req("LOCK", "/dav/locked.txt", { headers: { timeout: "Second-600" }, body: LOCK_BODY() })).status).toBe(423);
    expect((await onB.put("/dav/locked.txt", "v2", { if: `(<${token}>)` })).status).toBe(204);
    expect((await onB.req("UNLOCK", "/dav/locked.txt", { headers: { "lock-token": `<${token}>` } })).status).toBe(204);
    expect((await onA.put("/dav/locked.txt", "v3")).status).toBe(204);
    expect((await onB.req("GET", "/dav/locked.txt")).text).toBe("v3");
  });

  it("sign-in throttles count the failures of both instances together", async () => {
    await user("tia", "tia-password-1");
    const wrong = (url: string) => new DavClient(url, { username: "tia", password: "not-her-password" }).propfind("/dav/", "0");
    // The rule (README, sign-in throttling): 5 failures of one client on one account, the 6th is still checked and
    // locks the client out. Alternating instances, neither sees more than 4 of its own: only a shared count refuses.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await wrong(i % 2 === 0 ? a : b)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const right = await new DavClient(b, { username: "tia", password: "tia-password-1" }).propfind("/dav/", "0");
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("a limited share link's download count is one count across both instances", async () => {
    const rootId = await rootOf(adminA);
    const fileId = await adminA.upload(rootId, "limited.txt", Buffer.from("twice only"));
    const link = await adminA.ok<{ token: string }>("POST", "/api/shares/links", { nodeId: fileId, downloadLimit: 2 });
    const download = (url: string) => fetch(`${url}/api/public/shares/${link.token}/download/${fileId}`);
    expect((await download(a)).status).toBe(200);
    expect((await download(b)).status).toBe(200);
    expect((await download(a)).status).toBe(410);
    expect((await download(b)).status).toBe(410);
  });

  it("each job runs exactly once with both workers on (leases), and both workers take part", async () => {
    const JOBS = 120;
    // Jobs claimed one at a time (locks.expire) and many at once (search.index, here of files that do not exist). A
    // worker works off what is due and then sleeps until its next tick (2 s): the jobs fall due one after another over
    // 4 s, so the ticks of both workers find some.
    await sql.query(
      `INSERT INTO "Job" ("type", "payload", "status", "runAt", "updatedAt")
        SELECT t, '{"nodeId":' || (-i) || '}', 'queued', now() + (i * interval '35 milliseconds'), now()
        FROM generate_series(1, $1) i, unnest(ARRAY['locks.expire', 'search.index']) t`,
      [JOBS],
    );
    const deadline = Date.now() + 60_000;
    let rows: { attempts: number; status: string; leasedBy: string | null }[] = [];
    while (Date.now() < deadline) {
      rows = (await sql.query(`SELECT "attempts", "status", "leasedBy" FROM "Job" WHERE "type" IN ('locks.expire', 'search.index') AND "uniqueKey" IS NULL`)).rows;
      if (rows.every((r) => r.status === "done")) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(rows).toHaveLength(2 * JOBS);
    expect(rows.filter((r) => r.status !== "done")).toEqual([]);
    // A claim is the only thing that counts an attempt: one each means no job was claimed (run) twice.
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.leasedBy)).size).toBe(2);
  });

  describe("a revocation on one instance applies to the very next request on the other, despite its caches", () => {
    it("an app password revoked on A (cached as verified on B)", async () => {
      await user("ada", "ada-password-1");
      const ada = new ApiClient(a, await signIn(a, "ada", "ada-password-1"));
      const { password } = await ada.ok<{ password: string }>("POST", "/api/me/app-passwords", { name: "sync" });
      const client = new DavClient(b, { username: "ada", password });
      for (let i = 0; i < 3; i++) expect((await client.propfind("/dav/", "1")).status).toBe(207);
      const { items } = await ada.ok<{ items: { id: number }[] }>("GET", "/api/me/app-passwords");
      await ada.ok("DELETE", `/api/me/app-passwords/${items[0]!.id}`);
      expect((await client.propfind("/dav/", "1")).status).toBe(401);
    });

    it("a password changed on B (the old one cached as verified on A; B's other sessions end on A)", async () => {
      await user("pia", "pia-password-1");
      const oldOnA = new DavClient(a, { username: "pia", password: "pia-password-1" });
      for (let i = 0; i < 3; i++) expect((await oldOnA.propfind("/dav/", "0")).status).toBe(207);
      const elsewhere = new ApiClient(a, await signIn(a, "pia", "pia-password-1"));
      const pia = new ApiClient(b, await signIn(b, "pia", "pia-password-1"));
      await pia.ok("POST", "/api/me/password", { currentPassword: "pia-password-1", newPassword: "pia-password-2" });
      expect((await oldOnA.propfind("/dav/", "0")).status).toBe(401);
      expect((await new DavClient(a, { username: "pia", password: "pia-password-2" }).propfind("/dav/", "0")).status).toBe(207);
      expect((await elsewhere.call("GET", "/api/me")).status).toBe(401);
    });

    it("a share link revoked on A (opened on B just before)", async () => {
      const rootId = await rootOf(adminA);
      const fileId = await adminA.upload(rootId, "shared.txt", Buffer.from("for a while"));
      const link = await adminA.ok<{ id: number; token: string }>("POST", "/api/shares/links", { nodeId: fileId });
      for (let i = 0; i < 2; i++) expect((await fetch(`${b}/api/public/shares/${link.token}/download/${fileId}`)).status).toBe(200);
      expect((await adminA.call("DELETE", `/api/shares/links/${link.id}`)).status).toBe(204);
      const after = await fetch(`${b}/api/public/shares/${link.token}/download/${fileId}`);
      expect(after.status).toBe(404);
      expect(await after.text()).not.toContain("for a while");
    });

    it("a member removed from a team on A (its big listing cached by B's PROPFIND cache, its app password verified on B)", async () => {
      const mia = await user("mia", "mia-password-1");
      const team = await adminA.ok<{ id: number; rootId: number }>("POST", "/api/teams", { name: "Crew" });
      await adminA.ok("POST", `/api/teams/${team.id}/members`, { userId: mia, role: "editor" });
      const lead = new DavClient(a, ADMIN);
      // Over CACHE_MIN_CHILDREN (200) children, so B renders the listing once and serves it from its cache.
      await pool(Array.from({ length: 205 }, (_, i) => i), 6, async (i) => expect((await lead.mkcol(`/dav/teams/Crew/d${i}`)).status).toBe(201));
      const miaOnB = new DavClient(b, { username: "mia", password: "mia-password-1" });
      for (let i = 0; i < 3; i++) {
        const listing = await miaOnB.propfind("/dav/teams/Crew/", "1", LISTING_PROPS);
        expect(listing.status).toBe(207);
        expect(hrefs(listing.text)).toHaveLength(206);
        // A rendered listing is streamed (no length); one from B's cache is sent whole with its Content-Length.
        if (i > 0) expect(listing.headers.get("content-length"), "served from B's listing cache").not.toBeNull();
      }
      expect((await miaOnB.req("GET", "/dav/teams/Crew/d1/")).status).not.toBe(404);
      await adminA.ok("DELETE", `/api/teams/${team.id}/members/${mia}`);
      const after = await miaOnB.propfind("/dav/teams/Crew/", "1", LISTING_PROPS);
      expect(after.status).toBe(404);
      expect(after.text).not.toContain("d1");
    });
  });

  it("a load run of several hundred mixed requests through both instances loses and corrupts nothing; fsck agrees", async () => {
    const started = Date.now();
    const load = await runLoad([a, b], adminA.cookie, 420);
    console.log(`scale-out load run: ${JSON.stringify(load.counts)} in ${((Date.now() - started) / 1000).toFixed(1)} s, ${load.files.size} files at the end`);
    expect(load.failures).toEqual([]);
    expect(load.counts.put + load.counts.overwrite + load.counts.get + load.counts.move + load.counts.delete + load.counts.tus).toBeGreaterThanOrEqual(400);
    for (const op of ["put", "overwrite", "get", "move", "delete", "tus"] as const) expect(load.counts[op], op).toBeGreaterThan(10);

    // Every file that should exist exists on both instances with exactly the bytes sent, and nothing else does.
    for (const url of [a, b]) {
      const listing = await new DavClient(url, ADMIN).propfind("/dav/load/", "1", LISTING_PROPS);
      const names = hrefs(listing.text).filter((h) => h !== "/dav/load/").map((h) => h.slice("/dav/load/".length)).sort();
      expect(names).toEqual([...load.files.keys()].sort());
    }
    const rootId = (await adminA.ok<{ items: Node[] }>("GET", `/api/nodes/${await rootOf(adminA)}/children`)).items.find((n) => n.name === "load")!.id;
    const listed = new Map((await adminB.ok<{ items: Node[] }>("GET", `/api/nodes/${rootId}/children?limit=1000`)).items.map((n) => [n.name, n]));
    for (const [name, data] of load.files) expect(listed.get(name)?.sha256, name).toBe(sha(data));
    await pool([...load.files], 6, async ([name, data]) => {
      const res = await fetch(`${name.length % 2 === 0 ? a : b}/dav/load/${encodeURIComponent(name)}`, { headers: { authorization: basic(ADMIN) } });
      expect(res.status, name).toBe(200);
      expect(sha(Buffer.from(await res.arrayBuffer())), name).toBe(sha(data));
    });

    // The database and the bucket agree (the admin's fsck against the shared database and bucket).
    const report = JSON.parse(await cluster.cli("fsck", "--json")) as {
      policies: { name: string; objects: number; rows: number; error?: string }[];
      orphanObjects: { count: number };
      missingBytes: { count: number };
      sizeMismatches: { count: number };
      unresolved: number;
    };
    const s3 = report.policies.find((p) => p.name === "s3")!;
    expect(s3.error).toBeUndefined();
    expect(s3.rows).toBeGreaterThan(load.files.size);
    expect(s3.objects).toBe(s3.rows);
    expect([report.orphanObjects.count, report.missingBytes.count, report.sizeMismatches.count, report.unresolved]).toEqual([0, 0, 0, 0]);
    expect(await cluster.bucket.openMultipartUploads()).toEqual([]);
  }, 300_000);
});

it.skipIf(S3 && PG)("the scale-out test needs PostgreSQL and an S3 server (scripts/test.sh starts both)", () => undefined);

const basic = (c: { username: string; password: string }) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;

/** Runs `work` over `items` with at most `width` at once. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

type Op = "put" | "overwrite" | "get" | "move" | "delete" | "tus";

/**
 * `total` random operations on files of /dav/load/ (made first), 8 at a time, each on a random instance: WebDAV PUT
 * (new and overwrite), GET (checked against the model at once), MOVE, DELETE, and tus uploads (one request, or
 * several PATCHes that alternate between the instances). A file is never touched by two operations at once, so the
 * model (`files`: name → the bytes last sent) is exactly what the server must hold.
 */
async function runLoad(urls: string[], cookie: string, total: number) {
  const files = new Map<string, Buffer>();
  const busy = new Set<string>();
  const failures: string[] = [];
  const counts: Record<Op, number> = { put: 0, overwrite: 0, get: 0, move: 0, delete: 0, tus: 0 };
  const pick = () => urls[Math.floor(Math.random() * urls.length)]!;
  const dav = () => new DavClient(pick(), ADMIN);
  const expectStatus = (what: string, got: number, ...want: number[]) => {
    if (!want.includes(got)) failures.push(`${what}: ${got}`);
  };
  expect((await dav().mkcol("/dav/load")).status).toBe(201);
  const api = new ApiClient(urls[0]!, cookie);
  const rootId = (await api.ok<{ id: number }>("GET", "/api/nodes/root")).id;
  const folderId = (await api.ok<{ items: Node[] }>("GET", `/api/nodes/${rootId}/children`)).items.find((n) => n.name === "load")!.id;
  let seq = 0;
  const freshName = () => `f${++seq}-${randomBytes(3).toString("hex")}.bin`;
  const body = () => randomBytes(1 + Math.floor(Math.random() * 96 * 1024));
  /** A file to work on (not busy), or null. */
  const take = () => {
    const free = [...files.keys()].filter((n) => !busy.has(n));
    if (free.length === 0) return null;
    const name = free[Math.floor(Math.random() * free.length)]!;
    busy.add(name);
    return name;
  };

  const ops: Record<Op, () => Promise<void>> = {
    put: async () => {
      const name = freshName();
      busy.add(name);
      const data = body();
      const res = await dav().put(`/dav/load/${name}`, data);
      expectStatus(`PUT ${name}`, res.status, 201);
      if (res.status === 201) files.set(name, data);
      busy.delete(name);
    },
    overwrite: async () => {
      const name = take();
      if (!name) return ops.put();
      const data = body();
      const res = await dav().put(`/dav/load/${name}`, data);
      expectStatus(`PUT over ${name}`, res.status, 204);
      if (res.status === 204) files.set(name, data);
      busy.delete(name);
    },
    get: async () => {
      const name = take();
      if (!name) return ops.put();
      const res = await fetch(`${pick()}/dav/load/${name}`, { headers: { authorization: basic(ADMIN) } });
      const got = Buffer.from(await res.arrayBuffer());
      expectStatus(`GET ${name}`, res.status, 200);
      if (res.status === 200 && sha(got) !== sha(files.get(name)!)) failures.push(`GET ${name}: other bytes`);
      busy.delete(name);
    },
    move: async () => {
      const name = take();
      if (!name) return ops.put();
      const to = freshName();
      busy.add(to);
      const url = pick();
      const res = await new DavClient(url, ADMIN).req("MOVE", `/dav/load/${name}`, { headers: { destination: `${url}/dav/load/${to}` } });
      expectStatus(`MOVE ${name}`, res.status, 201);
      if (res.status === 201) {
        files.set(to, files.get(name)!);
        files.delete(name);
      }
      busy.delete(name);
      busy.delete(to);
    },
    delete: async () => {
      const name = take();
      if (!name) return ops.put();
      const res = await dav().req("DELETE", `/dav/load/${name}`);
      expectStatus(`DELETE ${name}`, res.status, 204);
      if (res.status === 204) files.delete(name);
      busy.delete(name);
    },
    tus: async () => {
      const name = freshName();
      busy.add(name);
      // One in eight is a multi-PATCH upload whose PATCHes alternate between the instances (5 MiB parts: S3's minimum).
      const data = Math.random() < 0.125 ? randomBytes(5 * MiB + 1 + Math.floor(Math.random() * 3 * MiB)) : body();
      try {
        if (data.length <= 5 * MiB) await new ApiClient(pick(), cookie).upload(folderId, name, data);
        else await alternatingTus(urls, cookie, folderId, name, data);
        files.set(name, data);
      } catch (e) {
        failures.push(`tus ${name}: ${(e as Error).message}`);
      }
      busy.delete(name);
    },
  };
  // Weights: more writes than reads at first, so there is something to read, move and delete.
  const mix: Op[] = ["put", "put", "overwrite", "get", "get", "get", "move", "delete", "tus", "tus"];
  let started = 0;
  await pool(Array.from({ length: total }, (_, i) => i), 8, async () => {
    const op = started++ < 20 ? "put" : mix[Math.floor(Math.random() * mix.length)]!;
    counts[op]++;
    await ops[op]();
  });
  return { files, failures, counts };
}

/** A tus upload in 5 MiB PATCHes, each sent to the next instance in turn (creation on the first). */
async function alternatingTus(urls: string[], cookie: string, parentId: number, name: string, data: Buffer): Promise<void> {
  const meta = `filename ${Buffer.from(name).toString("base64")},parentId ${Buffer.from(String(parentId)).toString("base64")}`;
  const created = await fetch(`${urls[0]}/api/upload/`, {
    method: "POST",
    headers: { cookie, "Tus-Resumable": "1.0.0", "Upload-Length": String(data.length), "Upload-Metadata": meta },
  });
  if (created.status !== 201) throw new Error(`create → ${created.status} ${await created.text()}`);
  const path = new URL(created.headers.get("location")!, urls[0]).pathname;
  for (let offset = 0, i = 1; offset < data.length; i++) {
    const part = data.subarray(offset, offset + 5 * MiB);
    const res = await fetch(`${urls[i % urls.length]}${path}`, {
      method: "PATCH",
      headers: { cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
      body: new Uint8Array(part),
    });
    if (res.status !== 204) throw new Error(`PATCH at ${offset} → ${res.status} ${await res.text()}`);
    offset = Number(res.headers.get("upload-offset"));
  }
}
