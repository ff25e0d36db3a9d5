import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin, signIn } from "../helpers/haven-server";

/**
 * The Nextcloud mobile apps cannot run here, so their request sequences are replayed from their source:
 * - nextcloud/android: AuthenticatorActivity.WEB_LOGIN "/index.php/login/flow" in a web view with OCS-APIREQUEST and
 *   the app's User-Agent, waiting for `nc://login/server:…&user:…&password:…`; the library's status, capabilities
 *   (`/ocs/v2.php/cloud/capabilities?format=json`), user info, avatar (`/index.php/avatar/<user>/<px>`), previews
 *   (`/index.php/core/preview?fileId=…&x=…&y=…&a=1&mode=cover&forceIcon=0`) and share operations (form bodies).
 * - nextcloud/ios (NextcloudKit): Login Flow v2 (`POST /index.php/login/v2`, then `POST <poll endpoint>` with
 *   `token=…`), `preview.png?file=<path>`, JSON share requests.
 * Media search (DASL SEARCH) is the WebDAV engineer's and is not replayed here.
 */
const ANDROID_UA = "Mozilla/5.0 (Android) Nextcloud-android/3.30.0";
const IOS_UA = "Mozilla/5.0 (iOS) Nextcloud-iOS/5.5.0";
const OCS = { "OCS-APIREQUEST": "true" };

describe("Nextcloud mobile apps against the built server", () => {
  let haven: HavenProcess;
  let adminCookie: string;
  let bobCookie: string;
  let bob: ApiClient;
  const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });
  const req = (path: string, init: RequestInit = {}) => fetch(`${haven.url}${path}`, { redirect: "manual", ...init });

  /** The grant page's form, posted by the signed-in browser (same origin). */
  async function grant(cookie: string, location: string): Promise<Response> {
    const page = await req(location, { headers: { cookie } });
    expect(page.status).toBe(200);
    const token = decodeURIComponent(location.split("/connect/")[1]!);
    return req("/index.php/login/grant", { method: "POST", headers: { cookie, origin: haven.url, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }).toString() });
  }

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    adminCookie = await setupAdmin(haven.url);
    const admin = new ApiClient(haven.url, adminCookie);
    await admin.ok("POST", "/api/admin/users", { username: "bob", password: "bob-password-1", email: "bob@example.com" });
    bobCookie = await signIn(haven.url, "bob", "bob-password-1");
    bob = new ApiClient(haven.url, bobCookie);
  });
  afterAll(async () => haven?.destroy());

  it("status.php answers as an installed Nextcloud at the root only", async () => {
    const res = await req("/status.php");
    expect(res.status).toBe(200);
    const status = (await res.json()) as Record<string, unknown>;
    expect(status).toMatchObject({ installed: true, maintenance: false, needsDbUpgrade: false, edition: "", productname: "Haven", extendedSupport: false });
    expect(status.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(status.versionstring).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await req("/nextcloud/status.php")).status).toBe(404);
  });

  it("Android: login flow v1 in the web view, then capabilities, user, avatar and listing with the app password", async () => {
    const start = await req("/index.php/login/flow", { headers: { ...OCS, "User-Agent": ANDROID_UA } });
    expect(start.status).toBe(302);
    const page = start.headers.get("location")!;
    expect(page).toMatch(/^\/connect\//);
    // Not signed in: the grant page sends the browser to Haven's own sign-in first.
    const anonymous = await req(page);
    expect([302, 303, 307]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toContain("/login?callbackUrl=");
    const pageHtml = await (await req(page, { headers: { cookie: bobCookie } })).text();
    expect(pageHtml).toContain("Nextcloud-android/3.30.0");
    const granted = await grant(bobCookie, page);
    expect(granted.status).toBe(302);
    const nc = granted.headers.get("location")!;
    const m = /^nc:\/\/login\/server:(.+)&user:(.+)&password:(.+)$/.exec(nc);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(haven.url);
    const user = decodeURIComponent(m![2]!);
    const password = decodeURIComponent(m![3]!);
    expect(user).toBe("bob");
    const auth = { ...OCS, ...basic(user, password) };

    const caps = (await (await req("/ocs/v2.php/cloud/capabilities?format=json", { headers: auth })).json()) as { ocs: { meta: { statuscode: number }; data: { version: { major: number }; capabilities: Record<string, Record<string, unknown>> } } };
    expect(caps.ocs.meta.statuscode).toBe(200);
    expect(caps.ocs.data.version.major).toBeGreaterThanOrEqual(28);
    expect(caps.ocs.data.capabilities.core!["webdav-root"]).toBe("remote.php/webdav");
    // Only what Haven implements: chunking v2 and bulk upload, both on by default.
    expect(caps.ocs.data.capabilities.dav).toEqual({ chunking: "1.0", bulkupload: "1.0" });
    expect(caps.ocs.data.capabilities.files!.bigfilechunking).toBe(true);

    const me = (await (await req("/ocs/v2.php/cloud/user?format=json", { headers: auth })).json()) as { ocs: { data: Record<string, unknown> & { quota: Record<string, number> } } };
    expect(me.ocs.data).toMatchObject({ id: "bob", "display-name": "bob", email: "bob@example.com" });
    expect(me.ocs.data.quota).toHaveProperty("used");
    expect(me.ocs.data.quota).toHaveProperty("free");
    const byId = await req("/ocs/v2.php/cloud/users/bob?format=json", { headers: auth });
    expect(byId.status).toBe(200);
    // Others' accounts are not readable (404), except by an admin.
    expect((await req("/ocs/v2.php/cloud/users/admin?format=json", { headers: auth })).status).toBe(404);
    expect((await req("/ocs/v1.php/cloud/users/admin?format=json", { headers: auth })).status).toBe(200);
    expect((await req("/ocs/v2.php/cloud/users/bob?format=json", { headers: { ...OCS, cookie: adminCookie } })).status).toBe(200);

    const avatar = await req("/index.php/avatar/bob/128", { headers: basic(user, password) });
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get("x-nc-iscustomavatar")).toBe("0");
    expect((await sharp(Buffer.from(await avatar.arrayBuffer())).metadata()).format).toBe("png");

    const status = (await (await req("/ocs/v2.php/apps/user_status/api/v1/user_status?format=json", { headers: auth })).json()) as { ocs: { data: { status: string } } };
    expect(status.ocs.data.status).toBe("offline");
    const notes = (await (await req("/ocs/v2.php/apps/notifications/api/v2/notifications?format=json", { headers: auth })).json()) as { ocs: { data: unknown[] } };
    expect(notes.ocs.data).toEqual([]);

    // Upload (plain PUT) and listing through the WebDAV alias the app uses.
    expect((await req("/remote.php/dav/files/bob/photo.png", { method: "PUT", headers: basic(user, password), body: new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } }).png().toBuffer()) })).status).toBe(201);
    const listing = await req("/remote.php/dav/files/bob/", { method: "PROPFIND", headers: { ...basic(user, password), Depth: "1" } });
    expect(listing.status).toBe(207);
    expect(await listing.text()).toContain("photo.png");

    // The app password is listed (named after the app) and revocable under Settings → Security.
    const { items } = await bob.ok<{ items: Array<{ id: number; name: string }> }>("GET", "/api/me/app-passwords");
    const named = items.find((p) => p.name === ANDROID_UA);
    expect(named).toBeDefined();
    await bob.ok("DELETE", `/api/me/app-passwords/${named!.id}`);
    expect((await req("/ocs/v2.php/cloud/user?format=json", { headers: auth })).status).toBe(401);
  });

  it("iOS: login flow v2 with polling: 404 until granted, the credentials once, 404 after", async () => {
    const start = await req("/index.php/login/v2", { method: "POST", headers: { "User-Agent": IOS_UA } });
    expect(start.status).toBe(200);
    const flow = (await start.json()) as { poll: { token: string; endpoint: string }; login: string };
    expect(flow.poll.endpoint).toBe(`${haven.url}/index.php/login/v2/poll`);
    const poll = () => fetch(flow.poll.endpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(flow.poll.token)}` });
    expect((await poll()).status).toBe(404);
    const open = await fetch(flow.login, { redirect: "manual" });
    expect(open.status).toBe(302);
    const granted = await grant(bobCookie, open.headers.get("location")!);
    expect(granted.status).toBe(303);
    const done = await req(granted.headers.get("location")!, { headers: { cookie: bobCookie } });
    expect(await done.text()).toContain("connect-done");
    const first = await poll();
    expect(first.status).toBe(200);
    const creds = (await first.json()) as { server: string; loginName: string; appPassword: string };
    expect(creds).toMatchObject({ server: haven.url, loginName: "bob" });
    expect((await poll()).status).toBe(404);
    const me = await req("/ocs/v1.php/cloud/user", { headers: { ...OCS, ...basic(creds.loginName, creds.appPassword) } });
    expect(me.status).toBe(200);
    const xml = await me.text();
    expect(me.headers.get("content-type")).toContain("application/xml");
    expect(xml).toMatch(/^<\?xml version="1.0"\?>\n<ocs>\n <meta>\n  <status>ok<\/status>\n  <statuscode>100<\/statuscode>/);
    expect(xml).toContain("<id>bob</id>");
  });

  it("a cross-site form post cannot grant; a session without OCS-APIREQUEST is not signed in on OCS", async () => {
    const start = await req("/index.php/login/v2", { method: "POST", headers: { "User-Agent": IOS_UA } });
    const flow = (await start.json()) as { login: string };
    const token = flow.login.split("/").at(-1)!;
    const evil = await req("/index.php/login/grant", { method: "POST", headers: { cookie: bobCookie, origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" }, body: `token=${token}` });
    expect(evil.status).toBe(403);
    const v2 = await req("/ocs/v2.php/cloud/user?format=json", { headers: { cookie: bobCookie } });
    expect(v2.status).toBe(401);
    expect(((await v2.json()) as { ocs: { meta: { statuscode: number } } }).ocs.meta.statuscode).toBe(997);
    const v1 = await req("/ocs/v1.php/cloud/user?format=json", { headers: { ...basic("bob", "wrong") } });
    expect(v1.status).toBe(401);
    // v1 keeps HTTP 200 for other failures, v2 uses the status.
    expect((await req("/ocs/v1.php/cloud/nope?format=json", { headers: basic("bob", "bob-password-1") })).status).toBe(200);
    expect((await req("/ocs/v2.php/cloud/nope?format=json", { headers: basic("bob", "bob-password-1") })).status).toBe(404);
    // Login Flow v1 is for the apps: without OCS-APIREQUEST it is refused.
    expect((await req("/index.php/login/flow")).status).toBe(400);
  });

  it("previews by file id, by path and the files app's thumbnail route; 404 for none and for others' files", async () => {
    const auth = basic("bob", "bob-password-1");
    const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#a37" } }).png().toBuffer();
    expect((await req("/remote.php/dav/files/bob/pic.png", { method: "PUT", headers: auth, body: new Uint8Array(png) })).status).toBe(201);
    expect((await req("/remote.php/dav/files/bob/note.txt", { method: "PUT", headers: auth, body: "hello" })).status).toBe(201);
    const prop = await (await req("/remote.php/dav/files/bob/pic.png", { method: "PROPFIND", headers: { ...auth, Depth: "0" }, body: `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>` })).text();
    const fileId = Number(/<oc:fileid>(\d+)<\/oc:fileid>/.exec(prop)![1]);
    const waitFor = async (path: string) => {
      for (let i = 0; i < 80; i++) {
        const res = await req(path, { headers: auth });
        if (res.status === 200) return res;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`no preview at ${path}`);
    };
    const byId = await waitFor(`/index.php/core/preview?fileId=${fileId}&x=256&y=256&a=1&mode=cover&forceIcon=0`);
    expect((await sharp(Buffer.from(await byId.arrayBuffer())).metadata()).width).toBeLessThanOrEqual(256);
    expect((await waitFor("/index.php/core/preview.png?file=/pic.png&x=1024&y=1024&a=1")).headers.get("content-type")).toMatch(/^image\//);
    expect((await waitFor("/index.php/apps/files/api/v1/thumbnail/64/64/pic.png")).status).toBe(200);
    expect((await req("/index.php/core/preview.png?file=/note.txt&x=64&y=64", { headers: auth })).status).toBe(404);
    expect([403, 404]).toContain((await req(`/index.php/core/preview?fileId=${fileId}&x=64&y=64`, { headers: basic("admin", "admin-password-1") })).status);
    expect((await req(`/index.php/core/preview?fileId=${fileId}&x=64&y=64`)).status).toBe(401);
  });

  it("sharing: a link with password and expiry, a user share, listing, editing and deleting; sharees", async () => {
    const auth = { ...OCS, ...basic("bob", "bob-password-1") };
    expect((await req("/remote.php/dav/files/bob/report.txt", { method: "PUT", headers: basic("bob", "bob-password-1"), body: "numbers" })).status).toBe(201);
    expect((await req("/remote.php/dav/files/bob/Album", { method: "MKCOL", headers: basic("bob", "bob-password-1") })).status).toBe(201);
    const form = (fields: Record<string, string>) => ({ headers: { ...auth, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
    type Share = { id: number; share_type: number; permissions: number; token: string | null; url?: string; expiration: string | null; share_with: string | null; path: string; item_type: string };
    type Ocs<T> = { ocs: { meta: { statuscode: number; message: string }; data: T } };

    // Android: form body.
    const created = (await (await req("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json", { method: "POST", ...form({ path: "/report.txt", shareType: "3", password: "link-password-9", expireDate: "2099-01-31", permissions: "1" }) })).json()) as Ocs<Share>;
    expect(created.ocs.meta.statuscode).toBe(200);
    const link = created.ocs.data;
    expect(link).toMatchObject({ share_type: 3, permissions: 1, path: "/report.txt", item_type: "file", expiration: "2099-01-31 00:00:00" });
    expect(link.url).toBe(`${haven.url}/s/${link.token}`);
    // iOS: JSON body, a user share with edit rights on a folder.
    const userShare = (await (await req("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json", { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ path: "/Album", shareType: 0, shareWith: "admin", permissions: 15 }) })).json()) as Ocs<Share>;
    expect(userShare.ocs.data).toMatchObject({ share_type: 0, share_with: "admin", permissions: 15, item_type: "folder" });
    expect(userShare.ocs.data.id % 2).toBe(0);
    expect(link.id % 2).toBe(1);

    const listed = (await (await req("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json&path=/report.txt&reshares=true&subfiles=false", { headers: auth })).json()) as Ocs<Share[]>;
    expect(listed.ocs.data.map((s) => s.id)).toEqual([link.id]);
    const all = (await (await req("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json", { headers: auth })).json()) as Ocs<Share[]>;
    expect(all.ocs.data.map((s) => s.id).sort()).toEqual([link.id, userShare.ocs.data.id].sort());
    const withAdmin = (await (await req("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json&shared_with_me=true", { headers: { ...OCS, cookie: adminCookie } })).json()) as Ocs<Share[]>;
    expect(withAdmin.ocs.data.map((s) => s.path)).toEqual(["/Shared with me/Album"]);

    const edited = (await (await req(`/ocs/v2.php/apps/files_sharing/api/v1/shares/${userShare.ocs.data.id}?format=json`, { method: "PUT", ...form({ permissions: "1" }) })).json()) as Ocs<Share>;
    expect(edited.ocs.data.permissions).toBe(1);
    const noDate = (await (await req(`/ocs/v2.php/apps/files_sharing/api/v1/shares/${link.id}?format=json`, { method: "PUT", ...form({ expireDate: "" }) })).json()) as Ocs<Share>;
    expect(noDate.ocs.data.expiration).toBeNull();

    const sharees = (await (await req("/ocs/v2.php/apps/files_sharing/api/v1/sharees?format=json&search=admin&itemType=file", { headers: auth })).json()) as Ocs<{ exact: { users: Array<{ value: { shareWith: string } }> } }>;
    expect(sharees.ocs.data.exact.users.map((u) => u.value.shareWith)).toEqual(["admin"]);
    expect(JSON.stringify(sharees)).not.toContain("@");

    expect((await req(`/ocs/v2.php/apps/files_sharing/api/v1/shares/${link.id}?format=json`, { method: "DELETE", headers: auth })).status).toBe(200);
    const after = (await (await req("/ocs/v2.php/apps/files_sharing/api/v1/shares?format=json", { headers: auth })).json()) as Ocs<Share[]>;
    expect(after.ocs.data.map((s) => s.id)).toEqual([userShare.ocs.data.id]);
    // Someone else's share id: not found, and nothing changes.
    const foreign = await req(`/ocs/v2.php/apps/files_sharing/api/v1/shares/${userShare.ocs.data.id}?format=json`, { method: "DELETE", headers: { ...OCS, ...basic("admin", "admin-password-1") } });
    expect(foreign.status).toBe(404);
    // XML envelope for the same listing.
    const xml = await (await req("/ocs/v1.php/apps/files_sharing/api/v1/shares", { headers: auth })).text();
    expect(xml).toContain("<statuscode>100</statuscode>");
    expect(xml).toContain("<element>");
  });
});
