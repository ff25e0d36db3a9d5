import { createHash } from "node:crypto";
import { readdir } from "node:fs/promises";
import net from "node:net";
import { once } from "node:events";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const fileId = (xml: string) => Number(/<oc:fileid>(\d+)<\/oc:fileid>/.exec(xml)![1]);

/** A body sent with chunked transfer encoding (no Content-Length). */
function chunked(parts: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const p of parts) controller.enqueue(new TextEncoder().encode(p));
      controller.close();
    },
  });
}

/**
 * Sends a PUT with "Expect: 100-continue" and sends the body only if the server answers "100 Continue" first.
 * Returns the interim and final status lines.
 */
async function putExpectingContinue(port: number, target: string, body: Buffer): Promise<string[]> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const head =
      `PUT ${target} HTTP/1.1\r\nHost: localhost:${port}\r\nAuthorization: Basic ${Buffer.from("admin:admin-password-1").toString("base64")}\r\n` +
      `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
    socket.write(head);
    let data = "";
    let sent = false;
    socket.on("data", (d) => {
      data += d.toString();
      if (!sent && data.startsWith("HTTP/1.1 100")) {
        sent = true;
        socket.write(body);
      }
      if (/HTTP\/1\.1 [2-5]\d\d/.test(data)) {
        socket.end();
        resolve([...data.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]!));
      }
    });
    socket.on("error", reject);
  });
}

describe("WebDAV PUT", () => {
  const { haven, dav, api } = useDavServer();

  const auth = { authorization: `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}` };

  it("creates with 201 and overwrites with 204 as a new version, each with a fresh ETag", async () => {
    const first = await dav.put("/dav/v.txt", "one");
    expect(first.status).toBe(201);
    const second = await dav.put("/dav/v.txt", "two!");
    expect(second.status).toBe(204);
    expect(first.headers.get("etag")).toMatch(/^".+"$/);
    expect(second.headers.get("etag")).not.toBe(first.headers.get("etag"));
    expect((await dav.req("GET", "/dav/v.txt")).text).toBe("two!");
    const id = fileId((await dav.propfind("/dav/v.txt", "0", `<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>`)).text);
    const versions = await api.ok<{ items: { size: number }[] }>("GET", `/api/nodes/${id}/versions`);
    expect(versions.items.map((v) => v.size)).toEqual([4, 3]);
  });

  it("streams chunked bodies without a length, also with macOS's X-Expected-Entity-Length", async () => {
    const plain = await fetch(`${haven.url}/dav/chunked.txt`, { method: "PUT", headers: auth, body: chunked(["abc", "def", "ghi"]), duplex: "half" } as RequestInit);
    expect(plain.status).toBe(201);
    expect((await dav.req("GET", "/dav/chunked.txt")).text).toBe("abcdefghi");
    const finder = await fetch(`${haven.url}/dav/._finder.txt`, { method: "PUT", headers: { ...auth, "x-expected-entity-length": "6" }, body: chunked(["abc", "def"]), duplex: "half" } as RequestInit);
    expect(finder.status).toBe(201);
    const wrong = await fetch(`${haven.url}/dav/finder-wrong.txt`, { method: "PUT", headers: { ...auth, "x-expected-entity-length": "99" }, body: chunked(["abc"]), duplex: "half" } as RequestInit);
    expect(wrong.status).toBe(400);
    expect((await dav.req("GET", "/dav/finder-wrong.txt")).status).toBe(404);
  });

  it("takes the mtime from X-OC-Mtime", async () => {
    const res = await dav.put("/dav/old.txt", "old", { "x-oc-mtime": "1700000000" });
    expect(res.headers.get("x-oc-mtime")).toBe("accepted");
    const props = await dav.propfind("/dav/old.txt", "0");
    expect(props.text).toContain("<d:getlastmodified>Tue, 14 Nov 2023 22:13:20 GMT</d:getlastmodified>");
  });

  it("verifies OC-Checksum and keeps nothing when it does not match", async () => {
    const sha = createHash("sha256").update("checked").digest("hex");
    expect((await dav.put("/dav/sum.txt", "checked", { "oc-checksum": `SHA256:${sha}` })).status).toBe(201);
    expect((await dav.put("/dav/bad-sum.txt", "checked", { "oc-checksum": `SHA256:${"0".repeat(64)}` })).status).toBe(400);
    expect((await dav.req("GET", "/dav/bad-sum.txt")).status).toBe(404);
    expect((await dav.put("/dav/sum.txt", "changed", { "oc-checksum": `SHA256:${sha}` })).status).toBe(400);
    expect((await dav.req("GET", "/dav/sum.txt")).text).toBe("checked");
  });

  it("answers 405 on a folder, 409 without a parent", async () => {
    await dav.mkcol("/dav/folder/");
    expect((await dav.put("/dav/folder/", "x")).status).toBe(405);
    expect((await dav.put("/dav/", "x")).status).toBe(405);
    expect((await dav.put("/dav/missing/x.txt", "x")).status).toBe(409);
  });

  it("checks the quota against the declared size before taking the bytes", async () => {
    await run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), "user:quota", "admin", "64KiB"], { env: { ...process.env, DATA_DIR: haven.dataDir, DATABASE_URL: "" } });
    const big = await dav.put("/dav/big.bin", Buffer.alloc(200_000, 1));
    expect(big.status).toBe(507);
    const streamed = await fetch(`${haven.url}/dav/big-stream.bin`, { method: "PUT", headers: auth, body: chunked(["x".repeat(100_000)]), duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(507);
    expect((await dav.req("GET", "/dav/big.bin")).status).toBe(404);
    expect((await dav.req("GET", "/dav/big-stream.bin")).status).toBe(404);
    expect((await dav.put("/dav/small.bin", Buffer.alloc(1000, 1))).status).toBe(201);
  });

  it("sends 100 Continue only once the quota and rights allow the upload", async () => {
    expect(await putExpectingContinue(haven.port, "/dav/continue-big.bin", Buffer.alloc(200_000, 1))).toEqual(["507"]);
    expect(await putExpectingContinue(haven.port, "/dav/missing-parent/x.bin", Buffer.alloc(10, 1))).toEqual(["409"]);
    expect(await putExpectingContinue(haven.port, "/dav/continue-small.bin", Buffer.alloc(2000, 1))).toEqual(["100", "201"]);
    expect((await dav.req("GET", "/dav/continue-small.bin")).text).toHaveLength(2000);
  });

  it("honours If-Match, If-None-Match and If-Unmodified-Since: a failed one is 412 and leaves the file alone", async () => {
    const etag = (await dav.put("/dav/cond.txt", "one")).headers.get("etag")!;
    const past = new Date(Date.now() - 3600_000).toUTCString();
    const future = new Date(Date.now() + 3600_000).toUTCString();
    const refused = await dav.put("/dav/cond.txt", "x", { "if-match": '"nope"' });
    expect(refused.status).toBe(412);
    expect(refused.headers.get("etag")).toBe(etag);
    for (const headers of [{ "if-none-match": "*" }, { "if-none-match": `"a", ${etag}` }, { "if-unmodified-since": past }, { "if-match": `W/${etag}` }] as Record<string, string>[]) {
      expect((await dav.put("/dav/cond.txt", "x", headers)).status, JSON.stringify(headers)).toBe(412);
    }
    expect((await dav.req("GET", "/dav/cond.txt")).text).toBe("one");
    const second = await dav.put("/dav/cond.txt", "two", { "if-match": `"other", ${etag}` });
    expect(second.status).toBe(204);
    expect((await dav.put("/dav/cond.txt", "three", { "if-match": "*", "if-unmodified-since": future, "if-none-match": etag })).status).toBe(204);
    expect((await dav.req("GET", "/dav/cond.txt")).text).toBe("three");
    // Create-only and update-only uploads.
    expect((await dav.put("/dav/cond-new.txt", "new", { "if-none-match": "*" })).status).toBe(201);
    expect((await dav.put("/dav/cond-absent.txt", "x", { "if-match": "*" })).status).toBe(412);
    expect((await dav.req("GET", "/dav/cond-absent.txt")).status).toBe(404);
  });
});

/**
 * Streams a PUT body over a raw socket, 64 KiB at a time with backpressure, until `total` bytes are out or the server
 * answers or closes. Returns the status the server sent (null if none) and how many body bytes the client got out.
 */
async function streamUntilRefused(port: number, target: string, headers: Record<string, string>, total: number, opts: { chunked: boolean }): Promise<{ status: string | null; sent: number }> {
  const socket = net.connect(port, "127.0.0.1");
  await once(socket, "connect");
  let response = "";
  let done = false;
  const answered = new Promise<void>((resolve) => {
    socket.on("data", (d: Buffer) => {
      response += d.toString("latin1");
      resolve();
    });
    socket.on("close", () => {
      done = true;
      resolve();
    });
    socket.on("error", () => {
      done = true;
      resolve();
    });
  });
  const head = Object.entries({ Host: `localhost:${port}`, ...headers, ...(opts.chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(total) }) })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  socket.write(`PUT ${target} HTTP/1.1\r\n${head}\r\n`);
  const piece = Buffer.alloc(64 * 1024, 1);
  const framed = opts.chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece;
  let sent = 0;
  while (sent < total && !done && response === "") {
    const flushed = socket.write(framed);
    sent += piece.length;
    if (!flushed) await Promise.race([once(socket, "drain"), answered]);
  }
  if (!done && response === "" && opts.chunked) socket.write("0\r\n\r\n");
  await Promise.race([answered, new Promise((r) => setTimeout(r, 30_000))]);
  // Give the status line time to arrive whole.
  await new Promise((r) => setTimeout(r, 100));
  socket.destroy();
  return { status: /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? null, sent };
}

describe("WebDAV PUT limits while streaming", () => {
  const MiB = 1024 * 1024;
  /** Socket buffers on both sides may take this much before the server's refusal reaches the client. */
  const MARGIN = 32 * MiB;
  const { haven, dav } = useDavServer({ HAVEN_BODY_IDLE_TIMEOUT: "1" });
  const auth = { Authorization: `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}` };
  beforeAll(async () => {
    await run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), "user:quota", "admin", "10MiB"], { env: { ...process.env, DATA_DIR: haven.dataDir, DATABASE_URL: "" } });
  });

  /** Bytes the user has left (quota minus used and reserved), from PROPFIND. */
  async function available(): Promise<number> {
    const res = await dav.propfind("/dav/", "0", `<d:propfind xmlns:d="DAV:"><d:prop><d:quota-available-bytes/></d:prop></d:propfind>`);
    return Number(/<d:quota-available-bytes>(\d+)</.exec(res.text)![1]);
  }

  /** Files under the blob store: blobs and partial uploads alike. */
  async function storedFiles(): Promise<string[]> {
    const all = await readdir(path.join(haven.dataDir, "blobs"), { recursive: true, withFileTypes: true }).catch(() => []);
    return all.filter((e) => e.isFile()).map((e) => e.name);
  }

  it("stops a chunked body without a length at the quota: 507 early, nothing kept", async () => {
    const before = await storedFiles();
    const { status, sent } = await streamUntilRefused(haven.port, "/dav/too-big.bin", auth, 200 * MiB, { chunked: true });
    expect(status).toBe("507");
    expect(sent).toBeLessThan(10 * MiB + MARGIN);
    expect((await dav.req("GET", "/dav/too-big.bin")).status).toBe(404);
    expect(await storedFiles()).toEqual(before);
    expect(await available()).toBe(10 * MiB);
  });

  it("stops a chunked body at its declared X-Expected-Entity-Length: 413", async () => {
    const { status, sent } = await streamUntilRefused(haven.port, "/dav/finder.bin", { ...auth, "X-Expected-Entity-Length": String(MiB) }, 100 * MiB, { chunked: true });
    expect(status).toBe("413");
    expect(sent).toBeLessThan(MiB + MARGIN);
    expect((await dav.req("GET", "/dav/finder.bin")).status).toBe(404);
    expect(await available()).toBe(10 * MiB);
  });

  it("refuses a Content-Length over the quota before reading, and closes instead of draining the body", async () => {
    const { status, sent } = await streamUntilRefused(haven.port, "/dav/declared-big.bin", auth, 200 * MiB, { chunked: false });
    expect(status).toBe("507");
    expect(sent).toBeLessThan(MARGIN);
  });

  it("closes a body that stalls longer than HAVEN_BODY_IDLE_TIMEOUT and releases what it held", async () => {
    const before = await storedFiles();
    const socket = net.connect(haven.port, "127.0.0.1");
    await once(socket, "connect");
    const closed = once(socket, "close");
    socket.on("error", () => undefined);
    socket.write(`PUT /dav/stalled.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${auth.Authorization}\r\nX-Expected-Entity-Length: 4096\r\nTransfer-Encoding: chunked\r\n\r\n`);
    socket.write(`400\r\n${"x".repeat(1024)}\r\n`);
    const started = Date.now();
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error("the stalled upload was not closed")), 15_000))]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // The failed upload is cleaned up after the connection is gone.
    // (The server hears of the close after the client does: its temp file goes a moment later, so both are polled.)
    await expect.poll(async () => available(), { timeout: 5_000 }).toBe(10 * MiB);
    await expect.poll(async () => storedFiles(), { timeout: 5_000 }).toEqual(before);
    expect((await dav.req("GET", "/dav/stalled.bin")).status).toBe(404);
    // Bodies that keep coming are not cut, however long they take in total.
    const slow = net.connect(haven.port, "127.0.0.1");
    await once(slow, "connect");
    let answer = "";
    slow.on("data", (d: Buffer) => (answer += d.toString()));
    slow.write(`PUT /dav/slow.bin HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${auth.Authorization}\r\nContent-Length: 4\r\nConnection: close\r\n\r\n`);
    for (const c of "slow") {
      await new Promise((r) => setTimeout(r, 600));
      slow.write(c);
    }
    await once(slow, "close");
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    expect((await dav.req("GET", "/dav/slow.bin")).text).toBe("slow");
  });
});
