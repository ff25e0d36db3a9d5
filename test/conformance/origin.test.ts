import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers (fetch would refuse or rewrite Origin and Host). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers: { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function rootIdOf(haven: HavenProcess, cookie: string): Promise<number> {
  const res = await fetch(`${haven.url}/api/nodes/root`, { headers: { cookie } });
  return ((await res.json()) as { id: number }).id;
}

const tusMeta = (name: string, parentId: number) => `filename ${Buffer.from(name).toString("base64")},parentId ${Buffer.from(String(parentId)).toString("base64")}`;

describe("Origin checks and proxy headers against the built server", () => {
  let haven: HavenProcess;
  let cookie: string;
  let rootId: number;
  let host: string;

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    cookie = await setupAdmin(haven.url);
    rootId = await rootIdOf(haven, cookie);
    host = `localhost:${haven.port}`;
  });
  afterAll(async () => haven?.destroy());

  const mkdir = (name: string, headers: Record<string, string>) =>
    send(haven.port, "POST", `/api/nodes/${rootId}/children`, { host, cookie, "content-type": "application/json", ...headers }, JSON.stringify({ name }));

  it("refuses a JSON write from Origin: null or a foreign origin with 403, and accepts its own", async () => {
    for (const origin of ["null", "http://evil.example", "not a url"]) {
      const res = await mkdir(`from ${origin}`, { origin });
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body), origin).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
    expect((await mkdir("same origin", { origin: haven.url })).status).toBe(201);
    expect((await mkdir("no origin", {})).status).toBe(201);
  });

  it("ignores X-Forwarded-Host unless HAVEN_TRUST_PROXY is on", async () => {
    const res = await mkdir("forged host", { origin: "http://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "http" });
    expect(res.status).toBe(403);
    // Nor does a forged host make Haven's own origin look foreign.
    expect((await mkdir("own origin, forged host", { origin: haven.url, "x-forwarded-host": "evil.example" })).status).toBe(201);
  });

  it("tus: no CORS for anyone, and cookie uploads only from Haven's own pages", async () => {
    const tus = { host, cookie, "tus-resumable": "1.0.0", "upload-length": "1", "content-type": "application/offset+octet-stream" };
    const preflight = await send(haven.port, "OPTIONS", "/api/upload/", { host, origin: "http://evil.example", "access-control-request-method": "POST" });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    for (const origin of ["http://evil.example", "null"]) {
      const res = await send(haven.port, "POST", "/api/upload/", { ...tus, origin, "upload-metadata": tusMeta(`cors ${origin}.txt`, rootId) }, "x");
      expect(res.status, origin).toBe(403);
      expect(res.headers["access-control-allow-origin"], origin).toBeUndefined();
    }
    const own = await send(haven.port, "POST", "/api/upload/", { ...tus, origin: haven.url, "upload-metadata": tusMeta("own.txt", rootId) }, "x");
    expect(own.status).toBe(201);
    expect(own.headers["access-control-allow-origin"]).toBeUndefined();
    // Continuing an upload from a foreign page is refused as well.
    const started = await send(haven.port, "POST", "/api/upload/", { ...tus, "upload-length": "2", "upload-metadata": tusMeta("two.txt", rootId) });
    expect(started.status).toBe(201);
    const location = new URL(started.headers.location!, haven.url).pathname;
    const patch = await send(haven.port, "PATCH", location, { ...tus, origin: "http://evil.example", "upload-offset": "0" }, "xy");
    expect(patch.status).toBe(403);
  });
});

describe("behind a trusted proxy (HAVEN_TRUST_PROXY=1)", () => {
  let haven: HavenProcess;
  let cookie: string;
  let rootId: number;

  beforeAll(async () => {
    haven = await HavenProcess.create({ HAVEN_TRUST_PROXY: "1" });
    await haven.start();
    cookie = await setupAdmin(haven.url);
    rootId = await rootIdOf(haven, cookie);
  });
  afterAll(async () => haven?.destroy());

  it("compares the Origin with the host the proxy forwarded", async () => {
    const mkdir = (name: string, origin: string) =>
      send(haven.port, "POST", `/api/nodes/${rootId}/children`, { host: `localhost:${haven.port}`, "x-forwarded-host": "drive.example", "x-forwarded-proto": "https", cookie, "content-type": "application/json", origin }, JSON.stringify({ name }));
    expect((await mkdir("via proxy", "https://drive.example")).status).toBe(201);
    expect((await mkdir("foreign", "https://evil.example")).status).toBe(403);
  });
});
