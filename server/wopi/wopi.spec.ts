import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "@/lib/container";
import { DomainError } from "@/lib/domain/errors";
import { handleWopi } from "./wopi";

/** A stand-in WopiService with the protocol's answers for token "good" on file 7 (lock "L1"). */
function fakeWopi() {
  const saved: string[] = [];
  const check = (token: string | null, nodeId: number) => {
    if (token !== "good") throw new DomainError("UNAUTHENTICATED", "bad token");
    if (nodeId !== 7) throw new DomainError("NOT_FOUND", "no such file");
  };
  const mismatch = () => new DomainError("CONFLICT", "locked", { wopiLock: "L1" });
  const wopi = {
    checkFileInfo: async (token: string | null, nodeId: number) => (check(token, nodeId), { BaseFileName: "a.odt", Size: 3, Version: "v1" }),
    getFile: async (token: string | null, nodeId: number) => {
      check(token, nodeId);
      const node = { id: 7, name: "a.odt", mimeType: "application/vnd.oasis.opendocument.text", etag: "e1", mtime: new Date(0) };
      return { node, version: { id: 1 }, size: 3, open: async () => Readable.from([Buffer.from("abc")]), writeTo: async (dest: NodeJS.WritableStream) => void dest.end("abc") };
    },
    putFile: async (token: string | null, nodeId: number, lockId: string | undefined, { body }: { body: Readable }) => {
      check(token, nodeId);
      if (lockId !== "L1") throw mismatch();
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      saved.push(Buffer.concat(chunks).toString());
      return { version: "v2" };
    },
    lock: async (token: string | null, nodeId: number, lockId: string, old?: string) => {
      check(token, nodeId);
      if (lockId !== "L1" || (old !== undefined && old !== "L0")) throw mismatch();
      return { version: "v1" };
    },
    unlock: async (token: string | null, nodeId: number) => (check(token, nodeId), { version: "v1" }),
    refreshLock: async (token: string | null, nodeId: number) => (check(token, nodeId), { version: "v1" }),
    getLock: async (token: string | null, nodeId: number) => (check(token, nodeId), { lockId: "L1", version: "v1" }),
  };
  return { services: { wopi } as unknown as Services, saved };
}

describe("WOPI adapter: the protocol's statuses and headers", () => {
  const { services, saved } = fakeWopi();
  const server = http.createServer((req, res) => {
    void handleWopi(req, res, new URL(req.url ?? "/", "http://h"), services).then((handled) => handled || res.writeHead(404).end());
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init);

  it("CheckFileInfo: JSON with a token (query or Bearer), 401 without, 404 for another file", async () => {
    const info = await call("/wopi/files/7?access_token=good");
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ BaseFileName: "a.odt", Size: 3, Version: "v1" });
    expect((await call("/wopi/files/7", { headers: { Authorization: "Bearer good" } })).status).toBe(200);
    expect((await call("/wopi/files/7")).status).toBe(401);
    expect((await call("/wopi/files/8?access_token=good")).status).toBe(404);
  });

  it("GetFile: the bytes with X-WOPI-ItemVersion; 412 past X-WOPI-MaxExpectedSize", async () => {
    const file = await call("/wopi/files/7/contents?access_token=good");
    expect(file.status).toBe(200);
    expect(file.headers.get("x-wopi-itemversion")).toBe("v1");
    expect(await file.text()).toBe("abc");
    expect((await call("/wopi/files/7/contents?access_token=good", { headers: { "X-WOPI-MaxExpectedSize": "2" } })).status).toBe(412);
  });

  it("PutFile: the body saved under the lock with the new version; a mismatch is 409 with X-WOPI-Lock", async () => {
    const ok = await call("/wopi/files/7/contents?access_token=good", { method: "POST", headers: { "X-WOPI-Override": "PUT", "X-WOPI-Lock": "L1" }, body: "new content" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-wopi-itemversion")).toBe("v2");
    expect(saved).toEqual(["new content"]);
    const refused = await call("/wopi/files/7/contents?access_token=good", { method: "POST", headers: { "X-WOPI-Override": "PUT", "X-WOPI-Lock": "L9" }, body: "x" });
    expect(refused.status).toBe(409);
    expect(refused.headers.get("x-wopi-lock")).toBe("L1");
    expect((await call("/wopi/files/7/contents?access_token=good", { method: "POST", headers: { "X-WOPI-Override": "PUT_RELATIVE" }, body: "x" })).status).toBe(501);
  });

  it("lock operations by X-WOPI-Override; GetLock returns the lock; unknown overrides are 501", async () => {
    const post = (override: string, headers: Record<string, string> = {}) => call("/wopi/files/7?access_token=good", { method: "POST", headers: { "X-WOPI-Override": override, ...headers } });
    expect((await post("LOCK", { "X-WOPI-Lock": "L1" })).status).toBe(200);
    const relock = await post("LOCK", { "X-WOPI-Lock": "L1", "X-WOPI-OldLock": "L5" });
    expect(relock.status).toBe(409);
    expect(relock.headers.get("x-wopi-lock")).toBe("L1");
    expect((await post("REFRESH_LOCK", { "X-WOPI-Lock": "L1" })).status).toBe(200);
    expect((await post("UNLOCK", { "X-WOPI-Lock": "L1" })).status).toBe(200);
    const lock = await post("GET_LOCK");
    expect(lock.headers.get("x-wopi-lock")).toBe("L1");
    expect((await post("RENAME_FILE")).status).toBe(501);
    expect((await call("/wopi/files/7?access_token=good", { method: "DELETE" })).status).toBe(405);
  });
});
