import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Server } from "@tus/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { OffThreadHash } from "@/lib/storage/off-thread-hash";
import { DurableFileStore } from "@/server/tus/durable-file-store";
import { handleTus } from "@/server/tus/web-bridge";

const MiB = 1024 * 1024;
const digests = (b: Buffer) => ({ sha256: createHash("sha256").update(b).digest("hex"), sha1: createHash("sha1").update(b).digest("hex") });

/**
 * @tus/server behind Haven's web bridge, on a real socket: the body reaches the store in the bridge's pieces and the
 * store hands them to the hashing thread without a copy. Guards the fast path against @tus/server upgrades: a version
 * that copies or re-cuts body chunks fails the adoption count here instead of silently losing the gain.
 */
describe("tus through the web bridge (handleWeb with a body in 1 MiB pieces)", () => {
  let dir: string;
  let store: DurableFileStore;
  let server: http.Server;
  let base: string;
  const cookies: (string | null)[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "haven-tus-bridge-"));
    store = new DurableFileStore({ directory: dir }, 60_000);
    const tus = new Server({
      path: "/files",
      datastore: store,
      relativeLocation: true,
      async onIncomingRequest(req) {
        cookies.push(req.headers.get("cookie"));
      },
    });
    server = http.createServer((req, res) => void handleTus(tus, req, res).catch(() => res.destroy()));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  async function create(size: number): Promise<string> {
    const res = await fetch(`${base}/files`, { method: "POST", headers: { "Tus-Resumable": "1.0.0", "Upload-Length": String(size) } });
    expect(res.status).toBe(201);
    return new URL(res.headers.get("location")!, base).pathname;
  }

  function patch(at: string, offset: number, body: Buffer) {
    return fetch(`${base}${at}`, {
      method: "PATCH",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
      body: new Uint8Array(body),
    });
  }

  it("stores every byte, hashes them all, and the whole pieces go to the hashing thread without a copy", async () => {
    const data = randomBytes(6 * MiB + 4321);
    const at = await create(data.length);
    let adopted = 0;
    const real = OffThreadHash.prototype.adopt;
    const spy = vi.spyOn(OffThreadHash.prototype, "adopt").mockImplementation(function (this: OffThreadHash, chunk: Buffer) {
      const length = chunk.length;
      real.call(this, chunk);
      if (chunk.length === 0) adopted += length;
    });
    try {
      const first = await patch(at, 0, data.subarray(0, 4 * MiB + 100));
      expect(first.status).toBe(204);
      const second = await patch(at, 4 * MiB + 100, data.subarray(4 * MiB + 100));
      expect(second.status).toBe(204);
      expect(second.headers.get("upload-offset")).toBe(String(data.length));
    } finally {
      spy.mockRestore();
    }
    const id = path.basename(at);
    expect((await readFile(path.join(dir, id))).equals(data)).toBe(true);
    expect(await store.takeDigest(id, data.length)).toEqual(digests(data));
    // PATCH 1: four whole pieces and a 100-byte tail; PATCH 2: two whole pieces and a tail.
    expect(adopted).toBe(6 * MiB);
  });

  it("answers a PATCH it refuses without reading its body, and the connection stays usable", async () => {
    const data = randomBytes(3 * MiB);
    const at = await create(data.length);
    const wrong = await patch(at, 5, data);
    expect(wrong.status).toBe(409);
    await wrong.arrayBuffer();
    const right = await patch(at, 0, data);
    expect(right.status).toBe(204);
    expect((await readFile(path.join(dir, path.basename(at)))).equals(data)).toBe(true);
  });

  it("keeps the pieces that arrived of a body whose client went away, and the upload resumes from there", async () => {
    const data = randomBytes(4 * MiB);
    const at = await create(data.length);
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      const req = http.request({ host: "127.0.0.1", port, path: at, method: "PATCH", headers: { "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", "Content-Length": String(data.length) } });
      req.on("error", () => resolve());
      req.write(data.subarray(0, 2 * MiB + 10), () => setTimeout(() => req.destroy(), 200));
    });
    let offset = 0;
    for (let i = 0; i < 50 && offset === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const head = await fetch(`${base}${at}`, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0" } });
      offset = Number(head.headers.get("upload-offset"));
    }
    // The whole pieces that arrived are stored; the 10 bytes of the piece being filled are not (the client sends them again).
    expect(offset).toBe(2 * MiB);
    const rest = await patch(at, offset, data.subarray(offset));
    expect(rest.status).toBe(204);
    const id = path.basename(at);
    expect((await readFile(path.join(dir, id))).equals(data)).toBe(true);
    expect(await store.takeDigest(id, data.length)).toEqual(digests(data));
  });

  it("passes repeated Cookie headers on joined as Node joins them (the hooks read sessions from them)", async () => {
    const at = await create(10);
    const { port } = server.address() as AddressInfo;
    cookies.length = 0;
    // Two Cookie lines, as some proxies send them (Node's own client would join them into one).
    const status = await new Promise<number>((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.write(`HEAD ${at} HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nCookie: a=1\r\nCookie: b=2\r\nConnection: close\r\n\r\n`));
      socket.once("data", (d) => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(d.toString())?.[1])));
      socket.on("error", reject);
    });
    expect(status).toBe(200);
    expect(cookies).toEqual(["a=1; b=2"]);
  });
});
