import { beforeAll, describe, expect, it } from "vitest";
import { useDavServer } from "../helpers/dav-server";
import { DavClient, LOCK_BODY } from "./dav-client";

describe("WebDAV UNLOCK", () => {
  const { dav } = useDavServer();
  beforeAll(async () => {
    await dav.put("/dav/u.txt", "u");
  });

  it("removes the lock named by Lock-Token (204), after which writes need no token", async () => {
    const token = DavClient.token(await dav.req("LOCK", "/dav/u.txt", { body: LOCK_BODY() }));
    expect((await dav.put("/dav/u.txt", "x")).status).toBe(423);
    expect((await dav.req("UNLOCK", "/dav/u.txt", { headers: { "lock-token": `<${token}>` } })).status).toBe(204);
    expect((await dav.put("/dav/u.txt", "x")).status).toBe(204);
    expect((await dav.req("UNLOCK", "/dav/u.txt", { headers: { "lock-token": `<${token}>` } })).status).toBe(409);
  });

  it("refuses a bogus token (409) or none (400), and a token for another resource", async () => {
    const token = DavClient.token(await dav.req("LOCK", "/dav/u.txt", { body: LOCK_BODY() }));
    const bogus = await dav.req("UNLOCK", "/dav/u.txt", { headers: { "lock-token": "<urn:uuid:bogus>" } });
    expect(bogus.status).toBe(409);
    expect(bogus.text).toContain("<d:lock-token-matches-request-uri/>");
    expect((await dav.req("UNLOCK", "/dav/u.txt")).status).toBe(400);
    expect((await dav.req("UNLOCK", "/dav/u.txt", { headers: { "lock-token": "no-brackets" } })).status).toBe(400);
    await dav.put("/dav/other.txt", "o");
    expect((await dav.req("UNLOCK", "/dav/other.txt", { headers: { "lock-token": `<${token}>` } })).status).toBe(409);
    expect((await dav.req("UNLOCK", "/dav/u.txt", { headers: { "lock-token": `<${token}>` } })).status).toBe(204);
  });
});
