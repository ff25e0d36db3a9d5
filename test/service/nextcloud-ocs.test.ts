import { describe, expect, it } from "vitest";
import { makeUser, putFile } from "../helpers/factories";
import { basicAuth, useNextcloudServer } from "../helpers/nextcloud-server";
import { providers } from "../helpers/services";

const PROVIDERS = await providers();

type Ocs<T> = { ocs: { meta: { status: string; statuscode: number; message: string }; data: T } };
type Share = { id: number; share_type: number; permissions: number; share_with: string | null; path: string; token: string | null };

/** The OCS adapter on both databases: envelopes, the account rule, and shares mapped onto the share services. */
describe.each(PROVIDERS)("Nextcloud OCS on %s", (provider) => {
  const server = useNextcloudServer(provider);

  let partners = 0;
  /** A partner account (external; no terms needed for signing in here). */
  const partnerUser = async () => {
    const user = await server.services.users.create(null, { username: `partner${++partners}`, password: "correct horse battery", role: "partner" });
    return { user, actor: { userId: user.id, role: user.role } };
  };
  const auth = (username: string) => ({ authorization: basicAuth(username), "OCS-APIREQUEST": "true" });
  const ocs = async <T>(username: string, method: string, path: string, body?: Record<string, string>) => {
    const res = await fetch(`${server.base}/ocs/v2.php${path}${path.includes("?") ? "&" : "?"}format=json`, {
      method,
      headers: { ...auth(username), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      body: body ? new URLSearchParams(body).toString() : undefined,
    });
    return { status: res.status, body: (await res.json()) as Ocs<T> };
  };

  it("cloud/user and cloud/users: oneself with quota; others are not found unless admin; partners see no one", async () => {
    const alice = await makeUser(server.services, { quota: 1000 });
    const bob = await makeUser(server.services, { quota: null });
    const admin = await makeUser(server.services, { role: "admin" });
    const partner = await partnerUser();
    await putFile(server.services, alice.actor, alice.rootId, "a.txt", "0123456789");
    const me = await ocs<{ id: string; quota: { used: number; total: number; free: number; relative: number } }>(alice.user.username, "GET", "/cloud/user");
    expect(me.status).toBe(200);
    expect(me.body.ocs.data.id).toBe(alice.user.username);
    expect(me.body.ocs.data.quota).toMatchObject({ used: 10, total: 1000, free: 990, relative: 1 });
    expect((await ocs(alice.user.username, "GET", `/cloud/users/${bob.user.username}`)).status).toBe(404);
    expect((await ocs(partner.user.username, "GET", `/cloud/users/${alice.user.username}`)).status).toBe(404);
    expect((await ocs(admin.user.username, "GET", `/cloud/users/${alice.user.username}`)).status).toBe(200);
    expect((await ocs(bob.user.username, "GET", `/cloud/users/${bob.user.username}`)).body.ocs.data).toMatchObject({ id: bob.user.username, quota: { total: -3 } });
  });

  it("v1 answers XML by default with statuscode 100; a missing sign-in is 997 with HTTP 401 in both versions", async () => {
    const alice = await makeUser(server.services);
    const v1 = await fetch(`${server.base}/ocs/v1.php/cloud/capabilities`, { headers: auth(alice.user.username) });
    expect(v1.status).toBe(200);
    expect(v1.headers.get("content-type")).toContain("application/xml");
    const xml = await v1.text();
    expect(xml).toContain("<statuscode>100</statuscode>");
    expect(xml).toContain("<webdav-root>remote.php/webdav</webdav-root>");
    const json = await fetch(`${server.base}/ocs/v1.php/cloud/capabilities`, { headers: { accept: "application/json" } });
    expect(((await json.json()) as Ocs<unknown>).ocs.meta.statuscode).toBe(100);
    for (const v of [1, 2]) {
      const res = await fetch(`${server.base}/ocs/v${v}.php/cloud/user?format=json`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as Ocs<unknown>).ocs.meta.statuscode).toBe(997);
    }
  });

  it("shares: links and grants through the share services (policy, rights), ids by kind, others' shares untouchable", async () => {
    const alice = await makeUser(server.services);
    const bob = await makeUser(server.services);
    const partner = await partnerUser();
    await putFile(server.services, alice.actor, alice.rootId, "doc.txt", "x");
    const link = await ocs<Share>(alice.user.username, "POST", "/apps/files_sharing/api/v1/shares", { path: "/doc.txt", shareType: "3", password: "a-long-link-password" });
    expect(link.status).toBe(200);
    expect(link.body.ocs.data).toMatchObject({ share_type: 3, share_with: "***redacted***", path: "/doc.txt" });
    const grant = await ocs<Share>(alice.user.username, "POST", "/apps/files_sharing/api/v1/shares", { path: "/doc.txt", shareType: "0", shareWith: bob.user.username, permissions: "3" });
    expect(grant.body.ocs.data).toMatchObject({ share_type: 0, share_with: bob.user.username, permissions: 3 });
    expect(new Set([link.body.ocs.data.id % 2, grant.body.ocs.data.id % 2])).toEqual(new Set([0, 1]));
    // The same services decided: Bob now reads the file, and the link is in the web UI's list.
    expect((await server.services.shareGrants.sharedWithMe(bob.actor)).map((s) => s.entry.node.name)).toEqual(["doc.txt"]);
    expect((await server.services.shareLinks.listLinks(alice.actor)).length).toBe(1);
    const incoming = await ocs<Share[]>(bob.user.username, "GET", "/apps/files_sharing/api/v1/shares?shared_with_me=true");
    expect(incoming.body.ocs.data.map((s) => s.path)).toEqual(["/Shared with me/doc.txt"]);
    // Bob cannot change or delete Alice's shares; an unknown type or path is refused.
    expect((await ocs(bob.user.username, "DELETE", `/apps/files_sharing/api/v1/shares/${link.body.ocs.data.id}`)).status).toBe(404);
    expect((await ocs(bob.user.username, "PUT", `/apps/files_sharing/api/v1/shares/${grant.body.ocs.data.id}`, { permissions: "1" })).status).toBe(404);
    expect((await ocs(alice.user.username, "POST", "/apps/files_sharing/api/v1/shares", { path: "/doc.txt", shareType: "4", shareWith: "x@example.com" })).status).toBe(400);
    expect((await ocs(alice.user.username, "POST", "/apps/files_sharing/api/v1/shares", { path: "/nope.txt", shareType: "3" })).status).toBe(404);
    // Partners find nobody.
    const sharees = await ocs<{ users: unknown[]; exact: { users: unknown[] } }>(partner.user.username, "GET", `/apps/files_sharing/api/v1/sharees?search=${alice.user.username}&itemType=file`);
    expect(sharees.body.ocs.data.users).toEqual([]);
    expect(sharees.body.ocs.data.exact.users).toEqual([]);
    expect((await ocs(alice.user.username, "DELETE", `/apps/files_sharing/api/v1/shares/${grant.body.ocs.data.id}`)).status).toBe(200);
    expect(await server.services.shareGrants.sharedWithMe(bob.actor)).toEqual([]);
  });

  it("avatars: a generated PNG for an account without a picture; sign-in needed; unknown accounts 404", async () => {
    const alice = await makeUser(server.services);
    const res = await fetch(`${server.base}/index.php/avatar/${alice.user.username}/64`, { headers: auth(alice.user.username) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-nc-iscustomavatar")).toBe("0");
    expect(Buffer.from(await res.arrayBuffer()).subarray(1, 4).toString()).toBe("PNG");
    expect((await fetch(`${server.base}/avatar/${alice.user.username}/64/dark`, { headers: auth(alice.user.username) })).status).toBe(200);
    expect((await fetch(`${server.base}/index.php/avatar/nobody-here/64`, { headers: auth(alice.user.username) })).status).toBe(404);
    expect((await fetch(`${server.base}/index.php/avatar/${alice.user.username}/64`)).status).toBe(401);
  });
});
