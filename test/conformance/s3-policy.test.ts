import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServices } from "@/lib/container";
import { loadConfig } from "@/lib/config";
import { ApiClient } from "../helpers/api-client";
import { unzip } from "../helpers/files";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { createTestBucket, s3ForTests, s3Suite, useS3Policy, type TestBucket } from "../helpers/s3";
import { uploadUntil } from "../helpers/tus";

const MiB = 1024 * 1024;
const SIZE = 40 * MiB;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const S3 = await s3ForTests("skipping the S3 policy conformance tests");

type Node = { id: number; name: string; size: number; sha256: string };
type Link = { id: number; token: string };

describe.skipIf(!S3)(s3Suite("a space on an S3 policy (radosgw) through the built server", S3), () => {
  const secretKey = randomBytes(32).toString("base64url");
  let haven: HavenProcess;
  let bucket: TestBucket;
  let owner: ApiClient;
  let rootId: number;
  /** Turns the policy's download redirects on or off (the policy service's job; here straight in its row). */
  let setRedirect: (on: boolean) => Promise<void>;
  let closeDb: () => Promise<void>;

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${haven.url}${path}`, { headers: { cookie: owner.cookie, ...headers }, redirect: "manual" });
  const children = async (id: number) => (await owner.ok<{ items: Node[] }>("GET", `/api/nodes/${id}/children`)).items;
  const openUploadsOf = async () => (await bucket.openMultipartUploads()).length;

  beforeAll(async () => {
    bucket = await createTestBucket("conformance");
    haven = await HavenProcess.create({ HAVEN_SECRET_KEY: secretKey, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
    await haven.start();
    owner = new ApiClient(haven.url, await setupAdmin(haven.url));
    rootId = (await owner.ok<{ id: number }>("GET", "/api/nodes/root")).id;
    // The admin's space moves to an S3 policy, through the repositories on the server's own database.
    process.env.HAVEN_SECRET_KEY = secretKey;
    const services = buildServices(loadConfig({ DATA_DIR: haven.dataDir }));
    const admin = (await services.uow.repos.users.findByUsername("admin"))!;
    const space = (await services.uow.repos.spaces.findPersonal(admin.id))!;
    const policy = await useS3Policy(services, space.id, bucket, { prefix: "blobs/" });
    // An edit of the policy row, as Admin → Storage policies makes it: the running server must follow at once.
    const sqlite = new Database(path.join(haven.dataDir, "haven.db"));
    setRedirect = async (on) => {
      sqlite.prepare(`UPDATE "StoragePolicy" SET "config" = ? WHERE "id" = ?`).run(JSON.stringify({ ...policy.config, redirectDownloads: on }), policy.id);
    };
    closeDb = async () => {
      sqlite.close();
      await services.uow.disconnect();
    };
  });
  afterAll(async () => {
    await closeDb?.();
    await haven?.destroy();
    await bucket?.cleanup();
  });

  it("resumes a tus upload into the bucket after kill -9 and restart; the blob is the multipart object and its SHA-256 matches", async () => {
    const data = randomBytes(SIZE);
    const endpoint = `${haven.url}/api/upload/`;
    const first = await uploadUntil(data, { endpoint, cookie: owner.cookie, parentId: rootId, name: "big.bin", stopAt: SIZE / 2, onStop: () => haven.kill() });
    expect(first.interrupted).toBe(true);
    // The parts received so far wait in the bucket.
    expect(await openUploadsOf()).toBe(1);
    await haven.start();

    const head = await fetch(first.url, { method: "HEAD", headers: { cookie: owner.cookie, "Tus-Resumable": "1.0.0" } });
    const offset = Number(head.headers.get("upload-offset"));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(SIZE);
    const second = await uploadUntil(data, { endpoint, cookie: owner.cookie, parentId: rootId, name: "big.bin", uploadUrl: first.url });
    expect(second.interrupted).toBe(false);
    expect(second.firstOffset).toBeGreaterThanOrEqual(offset);

    const file = (await children(rootId)).find((n) => n.name === "big.bin")!;
    expect(file.size).toBe(SIZE);
    expect(file.sha256).toBe(sha(data));
    const body = Buffer.from(await (await get(`/api/files/${file.id}/content`)).arrayBuffer());
    expect(sha(body)).toBe(sha(data));
    // One object, under the policy's prefix: no copy, no side objects, no open multipart upload.
    expect(await openUploadsOf()).toBe(0);
    expect((await bucket.keys()).filter((k) => k.startsWith("blobs/"))).toHaveLength(1);
  });

  it("a terminated tus upload aborts its multipart upload", async () => {
    const data = randomBytes(12 * MiB);
    let url = "";
    await new Promise<void>((resolve) => {
      const upload = new tus.Upload(data, {
        endpoint: `${haven.url}/api/upload/`,
        chunkSize: 6 * MiB,
        retryDelays: [],
        headers: { cookie: owner.cookie },
        metadata: { filename: "cancelled.bin", parentId: String(rootId) },
        onChunkComplete() {
          url = upload.url!;
          void upload.abort(true).then(() => resolve());
        },
        onError: () => resolve(),
      });
      upload.start();
    });
    expect(url).not.toBe("");
    expect(await openUploadsOf()).toBe(0);
    expect((await fetch(url, { method: "HEAD", headers: { cookie: owner.cookie, "Tus-Resumable": "1.0.0" } })).status).toBe(404);
  });

  it("WebDAV PUT streams into the bucket; WebDAV and browser GETs stream back with ranges", async () => {
    const data = randomBytes(9 * MiB + 3);
    const auth = `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`;
    const put = await fetch(`${haven.url}/dav/dav.bin`, { method: "PUT", headers: { authorization: auth }, body: new Uint8Array(data) });
    expect(put.status).toBe(201);
    const file = (await children(rootId)).find((n) => n.name === "dav.bin")!;
    expect(file.sha256).toBe(sha(data));
    const range = await fetch(`${haven.url}/dav/dav.bin`, { headers: { authorization: auth, range: "bytes=5000000-7000000" } });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe(`bytes 5000000-7000000/${data.length}`);
    expect(Buffer.from(await range.arrayBuffer()).equals(data.subarray(5_000_000, 7_000_001))).toBe(true);
    const browser = await get(`/api/files/${file.id}/content`, { range: "bytes=-100" });
    expect(browser.status).toBe(206);
    expect(Buffer.from(await browser.arrayBuffer()).equals(data.subarray(data.length - 100))).toBe(true);
    expect(await openUploadsOf()).toBe(0);
  });

  it("with redirects on, downloads go to a presigned URL with the right Content-Disposition, except WebDAV, inline views and limited links", async () => {
    const data = randomBytes(300_000);
    const id = await owner.upload(rootId, "Bericht März.pdf", data);
    await setRedirect(true);
    try {
      const download = await get(`/api/files/${id}/content?download=1`);
      expect(download.status).toBe(302);
      const location = download.headers.get("location")!;
      expect(location.startsWith(bucket.config().endpoint)).toBe(true);
      const direct = await fetch(location);
      expect(direct.status).toBe(200);
      expect(direct.headers.get("content-disposition")).toBe(`attachment; filename="Bericht M?rz.pdf"; filename*=UTF-8''Bericht%20M%C3%A4rz.pdf`);
      expect(Buffer.from(await direct.arrayBuffer()).equals(data)).toBe(true);
      // Inline views stay on this origin (the page's CSP), and so does WebDAV (clients that do not follow redirects).
      expect((await get(`/api/files/${id}/content`)).status).toBe(200);
      const auth = `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`;
      const dav = await fetch(`${haven.url}/dav/${encodeURIComponent("Bericht März.pdf")}`, { headers: { authorization: auth }, redirect: "manual" });
      expect(dav.status).toBe(200);
      expect(Buffer.from(await dav.arrayBuffer()).equals(data)).toBe(true);
      // Public links: an unlimited one redirects, one with a download limit streams (and counts) here.
      const open = await owner.ok<Link>("POST", "/api/shares/links", { nodeId: id });
      const limited = await owner.ok<Link>("POST", "/api/shares/links", { nodeId: id, downloadLimit: 3 });
      const viaOpen = await fetch(`${haven.url}/api/public/shares/${open.token}/download/${id}`, { redirect: "manual" });
      expect(viaOpen.status).toBe(302);
      const viaLimited = await fetch(`${haven.url}/api/public/shares/${limited.token}/download/${id}`, { redirect: "manual" });
      expect(viaLimited.status).toBe(200);
      expect(Buffer.from(await viaLimited.arrayBuffer()).equals(data)).toBe(true);
    } finally {
      await setRedirect(false);
    }
    expect((await get(`/api/files/${id}/content?download=1`)).status).toBe(200);
  });

  it("zips a folder of S3 files as a stream, and a drop link's visitor upload lands in the bucket", async () => {
    const folder = await owner.ok<{ id: number }>("POST", `/api/nodes/${rootId}/children`, { name: "album" });
    const files = { "a.bin": randomBytes(6 * MiB), "b.txt": Buffer.from("hello from s3") };
    for (const [name, content] of Object.entries(files)) await owner.upload(folder.id, name, content);
    const zip = await get(`/api/zip?ids=${folder.id}`);
    expect(zip.status).toBe(200);
    const entries = await unzip(Buffer.from(await zip.arrayBuffer()));
    expect(sha(entries.get("album/a.bin")!)).toBe(sha(files["a.bin"]));
    expect(entries.get("album/b.txt")!.toString()).toBe("hello from s3");

    const drop = await owner.ok<Link>("POST", "/api/shares/links", { nodeId: folder.id, mode: "upload" });
    const visitorData = randomBytes(7 * MiB);
    const res = await fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: {
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(visitorData.length),
        "Upload-Metadata": Object.entries({ filename: "from-visitor.bin", shareToken: drop.token }).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(","),
        "Content-Type": "application/offset+octet-stream",
      },
      body: new Uint8Array(visitorData),
    });
    expect(res.status).toBe(201);
    const landed = (await children(folder.id)).find((n) => n.name === "from-visitor.bin")!;
    expect(landed.sha256).toBe(sha(visitorData));
    expect(await openUploadsOf()).toBe(0);
    expect((await bucket.keys()).filter((k) => k.endsWith(".info") || k.endsWith(".part"))).toEqual([]);
  });
});

it.skipIf(S3)("the S3 policy conformance tests need an S3 server (scripts/radosgw.sh)", () => undefined);
