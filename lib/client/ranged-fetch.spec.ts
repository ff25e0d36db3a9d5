import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHUNK, fetchRanged } from "@/lib/client/ranged-fetch";

const BODY = Buffer.from(Array.from({ length: 2.5 * CHUNK }, (_, i) => i % 251));
let server: Server;
let base: string;
const seen: Array<string | undefined> = [];

/** Serves BODY at /ranged (ranges, at most one CHUNK per answer, like a preview-only stream) and /whole (ignores ranges). */
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers.range);
    if (req.url !== "/ranged" && req.url !== "/whole") return void res.writeHead(404).end();
    if (req.url === "/whole") return void res.writeHead(200, { "Content-Length": BODY.length }).end(BODY);
    const match = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? "");
    if (!match) return void res.writeHead(403).end();
    const start = Number(match[1]);
    if (start >= BODY.length) return void res.writeHead(416, { "Content-Range": `bytes */${BODY.length}` }).end();
    const end = Math.min(Number(match[2]), start + CHUNK - 1, BODY.length - 1);
    res.writeHead(206, { "Content-Range": `bytes ${start}-${end}/${BODY.length}`, "Content-Length": end - start + 1 }).end(BODY.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("fetchRanged", () => {
  it("assembles a file from 1 MiB ranges", async () => {
    seen.length = 0;
    const { bytes, total, truncated } = await fetchRanged(`${base}/ranged`, 10 * CHUNK);
    expect(total).toBe(BODY.length);
    expect(truncated).toBe(false);
    expect(Buffer.from(bytes).equals(BODY)).toBe(true);
    expect(seen).toEqual([`bytes=0-${CHUNK - 1}`, `bytes=${CHUNK}-${2 * CHUNK - 1}`, `bytes=${2 * CHUNK}-${3 * CHUNK - 1}`]);
  });

  it("stops at maxBytes and says the file was cut", async () => {
    const { bytes, total, truncated } = await fetchRanged(`${base}/ranged`, CHUNK + 10);
    expect(bytes.length).toBe(CHUNK + 10);
    expect(total).toBe(BODY.length);
    expect(truncated).toBe(true);
    expect(Buffer.from(bytes).equals(BODY.subarray(0, CHUNK + 10))).toBe(true);
  });

  it("takes a whole answer when the server ignores ranges", async () => {
    const { bytes, truncated } = await fetchRanged(`${base}/whole`, CHUNK);
    expect(bytes.length).toBe(CHUNK);
    expect(truncated).toBe(true);
  });

  it("rejects on an error status", async () => {
    await expect(fetchRanged(`${base}/gone`, CHUNK)).rejects.toThrow("HTTP 404");
  });
});
