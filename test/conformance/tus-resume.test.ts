import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { uploadUntil } from "../helpers/tus";

const SIZE = 50 * 1024 * 1024;

describe("tus uploads survive a server crash", () => {
  let haven: HavenProcess;
  let cookie: string;
  let rootId: number;

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    cookie = await setupAdmin(haven.url);
    rootId = ((await (await fetch(`${haven.url}/api/nodes/root`, { headers: { cookie } })).json()) as { id: number }).id;
  });
  afterAll(async () => haven?.destroy());

  it("resumes a 50 MB upload from its offset after kill -9 and restart, with identical SHA-256", async () => {
    const data = randomBytes(SIZE);
    const endpoint = `${haven.url}/api/upload/`;
    const first = await uploadUntil(data, { endpoint, cookie, parentId: rootId, stopAt: SIZE / 2, onStop: () => haven.kill() });
    expect(first.interrupted).toBe(true);
    await haven.start();

    const head = await fetch(first.url, { method: "HEAD", headers: { cookie, "Tus-Resumable": "1.0.0" } });
    const offset = Number(head.headers.get("upload-offset"));
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(SIZE);

    const second = await uploadUntil(data, { endpoint, cookie, parentId: rootId, uploadUrl: first.url });
    expect(second.interrupted).toBe(false);
    expect(second.firstOffset).toBeGreaterThanOrEqual(offset);

    const list = (await (await fetch(`${haven.url}/api/nodes/${rootId}/children`, { headers: { cookie } })).json()) as { items: { id: number; name: string; size: number; sha256: string }[] };
    const file = list.items.find((i) => i.name === "big.bin")!;
    const expected = createHash("sha256").update(data).digest("hex");
    expect(file.size).toBe(SIZE);
    expect(file.sha256).toBe(expected);
    const body = Buffer.from(await (await fetch(`${haven.url}/api/files/${file.id}/content`, { headers: { cookie } })).arrayBuffer());
    expect(createHash("sha256").update(body).digest("hex")).toBe(expected);
  });

  it("stores the SHA-1 beside the SHA-256 of a tus upload (WebDAV oc:checksums), filled by its job moments after", async () => {
    const data = randomBytes(12 * 1024 * 1024 + 3);
    const done = await uploadUntil(data, { endpoint: `${haven.url}/api/upload/`, cookie, parentId: rootId, name: "hashed.bin" });
    expect(done.interrupted).toBe(false);
    const checksums = async () => {
      const res = await fetch(`${haven.url}/remote.php/dav/files/admin/hashed.bin`, {
        method: "PROPFIND",
        headers: { Authorization: `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`, Depth: "0", "Content-Type": "application/xml" },
        body: '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:checksums/></d:prop></d:propfind>',
      });
      expect(res.status).toBe(207);
      return /<oc:checksum>([^<]*)<\/oc:checksum>/.exec(await res.text())?.[1];
    };
    const sha1 = createHash("sha1").update(data).digest("hex");
    const sha256 = createHash("sha256").update(data).digest("hex");
    // Only SHA-256 is hashed while receiving; the blobs.sha1 job (the worker polls every 2 s) adds SHA-1.
    expect([`SHA256:${sha256}`, `SHA1:${sha1} SHA256:${sha256}`]).toContain(await checksums());
    const deadline = Date.now() + 30_000;
    let seen = await checksums();
    while (seen !== `SHA1:${sha1} SHA256:${sha256}` && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await checksums();
    }
    expect(seen).toBe(`SHA1:${sha1} SHA256:${sha256}`);
  });

  it("refuses uploads without a session and over quota, keeping nothing", async () => {
    const anonymous = await fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10", "Upload-Metadata": `filename ${Buffer.from("x.txt").toString("base64")},parentId ${Buffer.from(String(rootId)).toString("base64")}` },
    });
    expect(anonymous.status).toBe(401);
    const huge = await fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: { cookie, "Tus-Resumable": "1.0.0", "Upload-Length": String(200 * 1024 ** 3), "Upload-Metadata": `filename ${Buffer.from("huge.bin").toString("base64")},parentId ${Buffer.from(String(rootId)).toString("base64")}` },
    });
    expect(huge.status).toBe(507);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe("QUOTA_EXCEEDED");
  });
});
