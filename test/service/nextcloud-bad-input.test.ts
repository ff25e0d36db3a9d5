import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeUser, putFile } from "../helpers/factories";
import { basicAuth, useNextcloudServer } from "../helpers/nextcloud-server";
import { providers } from "../helpers/services";

const PROVIDERS = await providers();
const sha1 = (b: string) => createHash("sha1").update(b).digest("hex");

/**
 * The issue's bad input over HTTP (the WebDAV and Nextcloud adapters in-process, on both databases): each gets a clear
 * error with the right status, and loses nothing (no file half-written, a kept upload still completes, the quota
 * reservation released, the other parts of a bulk upload committed).
 */
describe.each(PROVIDERS)("Nextcloud bad input on %s", (provider) => {
  const server = useNextcloudServer(provider);

  async function account() {
    const u = await makeUser(server.services, { quota: 1000 });
    const authorization = basicAuth(u.user.username);
    const req = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
      fetch(`${server.base}${path}`, { method, headers: { authorization, ...headers }, body }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const files = `/remote.php/dav/files/${u.user.username}`;
    const uploads = `/remote.php/dav/uploads/${u.user.username}`;
    const space = () => server.services.spaces.personalSpace(u.user.id);
    return { ...u, req, files, uploads, space };
  }

  it("a chunk past OC-Total-Length is refused whole; a missing chunk keeps the upload for a retry; a wrong checksum saves nothing", async () => {
    const { req, files, uploads, space } = await account();
    const dest = { destination: `${server.base}${files}/data.bin` };
    expect((await req("MKCOL", `${uploads}/u1`, undefined, { ...dest, "oc-total-length": "10" })).status).toBe(201);
    expect((await space()).reservedBytes).toBe(10);
    const past = await req("PUT", `${uploads}/u1/1`, "0123456789AB", dest);
    expect(past.status).toBe(400);
    expect(past.text).toContain("OC-Total-Length");
    expect((await req("PROPFIND", `${uploads}/u1/`, undefined, { depth: "1" })).text).not.toContain("/u1/1<");
    expect((await req("PUT", `${uploads}/u1/1`, "01234", dest)).status).toBe(201);
    expect((await req("PUT", `${uploads}/u1/3`, "89", dest)).status).toBe(201);
    const missing = await req("MOVE", `${uploads}/u1/.file`, undefined, { ...dest, "oc-total-length": "10" });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/missing/);
    expect((await req("GET", `${files}/data.bin`)).status).toBe(404);
    // Nothing lost: the chunk that came is still there, and the upload completes once the gap is filled.
    expect((await req("PUT", `${uploads}/u1/2`, "567", dest)).status).toBe(201);
    expect((await req("MOVE", `${uploads}/u1/.file`, undefined, { ...dest, "oc-total-length": "10", "oc-checksum": `SHA1:${sha1("0123456789")}` })).status).toBe(201);
    expect((await req("GET", `${files}/data.bin`)).text).toBe("0123456789");
    expect(await space()).toMatchObject({ usedBytes: 10, reservedBytes: 0 });

    const other = { destination: `${server.base}${files}/other.bin` };
    expect((await req("MKCOL", `${uploads}/u2`, undefined, { ...other, "oc-total-length": "3" })).status).toBe(201);
    expect((await req("PUT", `${uploads}/u2/1`, "abc", other)).status).toBe(201);
    const wrong = await req("MOVE", `${uploads}/u2/.file`, undefined, { ...other, "oc-checksum": `SHA1:${sha1("abd")}` });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/checksum/i);
    expect((await req("GET", `${files}/other.bin`)).status).toBe(404);
    expect(await space()).toMatchObject({ usedBytes: 10, reservedBytes: 0 });
  });

  it("a bulk part without a path fails alone, with its own message; the other parts are committed", async () => {
    const { req, files, actor, rootId } = await account();
    await putFile(server.services, actor, rootId, "kept.txt", "old");
    const boundary = "b0undary";
    const part = (headers: Record<string, string>, body: string) => `--${boundary}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}\r\n`;
    const body =
      part({ "X-File-Path": "/one.txt", "X-File-Mtime": "1500000000", "Content-Length": "3" }, "one") +
      part({ "X-File-Mtime": "1500000000", "Content-Length": "7" }, "no path") +
      part({ "X-File-Path": "/kept.txt", "OC-Checksum": `SHA1:${sha1("something else")}`, "Content-Length": "3" }, "new") +
      `--${boundary}--\r\n`;
    const res = await req("POST", "/remote.php/dav/bulk", body, { "content-type": `multipart/related; boundary=${boundary}` });
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.text) as Record<string, { error: boolean; message?: string }>;
    expect(answer["/one.txt"]).toMatchObject({ error: false });
    expect(Object.entries(answer).filter(([, a]) => a.error && /X-File-Path/.test(a.message ?? ""))).toHaveLength(1);
    expect(answer["/kept.txt"]).toMatchObject({ error: true });
    expect((await req("GET", `${files}/one.txt`)).text).toBe("one");
    expect((await req("GET", `${files}/kept.txt`)).text).toBe("old");
  });

  it("a Login Flow v2 poll token answers the credentials once, then 404", async () => {
    const { actor } = await account();
    const started = (await (await fetch(`${server.base}/index.php/login/v2`, { method: "POST", headers: { "user-agent": "Nextcloud-iOS" } })).json()) as { poll: { token: string } };
    const poll = () => fetch(`${server.base}/index.php/login/v2/poll`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(started.poll.token)}` });
    expect((await poll()).status).toBe(404);
    await server.services.loginFlows.grant(actor, started.poll.token.slice(0, 43));
    const first = await poll();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { appPassword: string }).appPassword).toBeTruthy();
    expect((await poll()).status).toBe(404);
  });
});
