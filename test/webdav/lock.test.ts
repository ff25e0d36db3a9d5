import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import { DavClient, LOCK_BODY } from "./dav-client";

describe("WebDAV LOCK", () => {
  const { haven, dav } = useDavServer();
  beforeAll(async () => {
    await dav.put("/dav/doc.txt", "v1");
    await dav.mkcol("/dav/coll/");
    await dav.put("/dav/coll/member.txt", "m");
  });
  const lock = (path: string, headers: Record<string, string> = {}, body = LOCK_BODY()) => dav.req("LOCK", path, { headers: { timeout: "Second-600", ...headers }, body });

  it("takes an exclusive lock with a token, owner and timeout, shown in lockdiscovery", async () => {
    const res = await lock("/dav/doc.txt", { depth: "0" });
    expect(res.status).toBe(200);
    const token = DavClient.token(res);
    expect(token).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(res.text).toContain("<d:exclusive/>");
    expect(res.text).toContain("<d:depth>0</d:depth>");
    expect(res.text).toContain("mailto:tester@example.com");
    expect(res.text).toMatch(/<d:timeout>Second-(600|599)<\/d:timeout>/);
    const discovery = await dav.propfind("/dav/doc.txt", "0", `<d:propfind xmlns:d="DAV:"><d:prop><d:lockdiscovery/></d:prop></d:propfind>`);
    expect(discovery.text).toContain(token);

    const conflict = await lock("/dav/doc.txt");
    expect(conflict.status).toBe(423);
    expect(conflict.text).toContain("<d:no-conflicting-lock><d:href>/dav/doc.txt</d:href></d:no-conflicting-lock>");
    expect((await lock("/dav/doc.txt", {}, LOCK_BODY("shared"))).status).toBe(423);
    const put = await dav.put("/dav/doc.txt", "nope");
    expect(put.text).toContain("<d:lock-token-submitted><d:href>/dav/doc.txt</d:href></d:lock-token-submitted>");
    expect((await dav.put("/dav/doc.txt", "nope")).status).toBe(423);
    expect((await dav.req("DELETE", "/dav/doc.txt")).status).toBe(423);
    expect((await dav.req("MOVE", "/dav/doc.txt", { headers: { destination: "/dav/doc2.txt" } })).status).toBe(423);
    expect((await dav.req("COPY", "/dav/doc.txt", { headers: { destination: "/dav/doc-copy.txt" } })).status).toBe(201);
    expect((await dav.put("/dav/doc.txt", "v2", { if: `(<${token}>)` })).status).toBe(204);
    expect((await dav.req("UNLOCK", "/dav/doc.txt", { headers: { "lock-token": `<${token}>` } })).status).toBe(204);
    expect((await dav.put("/dav/doc.txt", "v3")).status).toBe(204);
  });

  it("refreshes a lock through the If header with an empty body", async () => {
    const token = DavClient.token(await lock("/dav/doc.txt", { depth: "0" }));
    const refreshed = await dav.req("LOCK", "/dav/doc.txt", { headers: { if: `(<${token}>)`, timeout: "Second-3000" } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.text).toMatch(/<d:timeout>Second-(3000|2999)<\/d:timeout>/);
    expect((await dav.req("LOCK", "/dav/doc.txt", { headers: { if: "(<urn:uuid:00000000-0000-0000-0000-000000000000>)" } })).status).toBe(412);
    await dav.req("UNLOCK", "/dav/doc.txt", { headers: { "lock-token": `<${token}>` } });
  });

  it("allows several shared locks, and any holder writes with its own token", async () => {
    const a = DavClient.token(await lock("/dav/doc.txt", {}, LOCK_BODY("shared")));
    const b = DavClient.token(await lock("/dav/doc.txt", {}, LOCK_BODY("shared")));
    expect(a).not.toBe(b);
    expect((await lock("/dav/doc.txt")).status).toBe(423);
    expect((await dav.put("/dav/doc.txt", "no token")).status).toBe(423);
    expect((await dav.put("/dav/doc.txt", "with b", { if: `(<${b}>)` })).status).toBe(204);
    for (const t of [a, b]) expect((await dav.req("UNLOCK", "/dav/doc.txt", { headers: { "lock-token": `<${t}>` } })).status).toBe(204);
  });

  it("locks a collection with depth infinity: members are protected, new members need the token", async () => {
    const token = DavClient.token(await lock("/dav/coll/", { depth: "infinity" }));
    expect((await dav.put("/dav/coll/member.txt", "x")).status).toBe(423);
    expect((await dav.put("/dav/coll/new.txt", "x")).status).toBe(423);
    expect((await dav.req("DELETE", "/dav/coll/")).status).toBe(423);
    expect((await dav.put("/dav/coll/member.txt", "x", { if: `(<${token}>)` })).status).toBe(204);
    expect((await dav.put("/dav/coll/new.txt", "x", { if: `<${haven.url}/dav/coll/> (<${token}>)` })).status).toBe(201);
    const indirect = await dav.req("LOCK", "/dav/coll/member.txt", { headers: { if: `(<${token}>)`, timeout: "Second-100" } });
    expect(indirect.status).toBe(200);
    expect(indirect.text).toContain(token);
    expect((await dav.req("UNLOCK", "/dav/coll/member.txt", { headers: { "lock-token": `<${token}>` } })).status).toBe(204);
  });

  it("creates an empty file when locking an unmapped URL (201), 409 without a parent", async () => {
    const res = await lock("/dav/lock-null.txt");
    expect(res.status).toBe(201);
    const token = DavClient.token(res);
    expect((await dav.req("GET", "/dav/lock-null.txt")).text).toBe("");
    expect((await dav.put("/dav/lock-null.txt", "filled", { if: `(<${token}>)` })).status).toBe(204);
    expect((await lock("/dav/nowhere/x.txt")).status).toBe(409);
  });

  it("evaluates If conditions: ETags, Not, DAV:no-lock and tagged lists", async () => {
    await dav.put("/dav/cond.txt", "c");
    const etag = (await dav.req("HEAD", "/dav/cond.txt")).headers.get("etag")!;
    const token = DavClient.token(await lock("/dav/cond.txt", { depth: "0" }));
    const put = (ifHeader: string) => dav.put("/dav/cond.txt", "c", { if: ifHeader }).then((r) => r.status);
    expect(await put(`(<${token}> [${etag}])`)).toBe(204);
    expect(await put(`(<${token}> ["stale"])`)).toBe(412);
    expect(await put(`(<${token}>) (Not <DAV:no-lock>)`)).toBe(204);
    expect(await put(`(<${token}x>) (Not <DAV:no-lock>)`)).toBe(423);
    expect(await put(`(<DAV:no-lock>)`)).toBe(412);
    const current = (await dav.req("HEAD", "/dav/cond.txt")).headers.get("etag")!;
    expect(await put(`(Not [${current}])`)).toBe(412);
    expect(await put(`(<${token}> [${current}])`)).toBe(204);
    expect(await put(`<${haven.url}/dav/other.txt> (<${token}>)`)).toBe(412);
    expect(await put(`(<${token}`)).toBe(400);
    await dav.req("UNLOCK", "/dav/cond.txt", { headers: { "lock-token": `<${token}>` } });
    expect(await put(`(<${token}>)`)).toBe(412);
  });

  it("keeps locks across a restart (they live in the database)", async () => {
    const token = DavClient.token(await lock("/dav/doc.txt"));
    await haven.stop();
    await haven.start();
    expect((await dav.put("/dav/doc.txt", "x")).status).toBe(423);
    expect((await dav.put("/dav/doc.txt", "x", { if: `(<${token}>)` })).status).toBe(204);
  });

  it("refuses bad lock bodies and Depth 1", async () => {
    for (const body of ["<x/>", `<d:lockinfo xmlns:d="DAV:"><d:lockscope><d:exclusive/></d:lockscope></d:lockinfo>`, `<d:lockinfo xmlns:d="DAV:"><d:lockscope><d:weird/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>`, "<d:lockinfo"]) {
      expect((await lock("/dav/coll/", {}, body)).status, body).toBe(400);
    }
    expect((await lock("/dav/coll/", { depth: "1" })).status).toBe(400);
  });

  it("honours If-Match, If-None-Match and If-Unmodified-Since (412 takes no lock and creates nothing)", async () => {
    const etag = (await dav.put("/dav/cond-lock.txt", "c")).headers.get("etag")!;
    const past = new Date(Date.now() - 3600_000).toUTCString();
    for (const headers of [{ "if-match": '"nope"' }, { "if-none-match": "*" }, { "if-unmodified-since": past }] as Record<string, string>[]) {
      expect((await lock("/dav/cond-lock.txt", headers)).status, JSON.stringify(headers)).toBe(412);
    }
    // None of them took a lock: an exclusive one is still free to take.
    const taken = await lock("/dav/cond-lock.txt", { "if-match": etag });
    expect(taken.status).toBe(200);
    await dav.req("UNLOCK", "/dav/cond-lock.txt", { headers: { "lock-token": `<${DavClient.token(taken)}>` } });
    expect((await lock("/dav/cond-null.txt", { "if-match": "*" })).status).toBe(412);
    expect((await dav.req("GET", "/dav/cond-null.txt")).status).toBe(404);
    const fresh = await lock("/dav/cond-null.txt", { "if-none-match": "*" });
    expect(fresh.status).toBe(201);
    await dav.req("UNLOCK", "/dav/cond-null.txt", { headers: { "lock-token": `<${DavClient.token(fresh)}>` } });
  });
});
