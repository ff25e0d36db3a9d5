import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin, signIn } from "../helpers/haven-server";
import { DavClient, hrefs } from "../webdav/dav-client";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const TEAM = "Sound Studio";
const T = encodeURIComponent(TEAM);
const HOME = "pat";
const ETAG_AND_ID = `<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><d:getetag/><oc:fileid/></d:prop></d:propfind>`;
const fileIdOf = (xml: string) => /<oc:fileid>(\d+)<\/oc:fileid>/.exec(xml)?.[1];
const etagOf = (xml: string) => /<d:getetag>([^<]+)<\/d:getetag>/.exec(xml)?.[1];

/**
 * A partner over WebDAV: /dav/teams/ lists its team, and the team shows only what the partner may see there (its own
 * folder and what is shared with it), at /dav/teams/<team>/ and in the Nextcloud aliases alike. Members see the team
 * as before.
 */
describe("partners over WebDAV (/dav/teams/ and the Nextcloud aliases)", () => {
  let haven: HavenProcess;
  let lead: DavClient;
  let pat: DavClient;

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    const admin = new ApiClient(haven.url, await setupAdmin(haven.url));
    await admin.ok("POST", "/api/admin/users", { username: "lead", password: "lead-password-1" });
    const team = await admin.ok<{ id: number; rootId: number }>("POST", "/api/teams", { name: TEAM });
    const leadId = (await admin.ok<{ items: { id: number; username: string }[] }>("GET", "/api/admin/users?q=lead")).items.find((u) => u.username === "lead")!.id;
    await admin.ok("POST", `/api/teams/${team.id}/members`, { userId: leadId, role: "admin" });
    // The admin's shortcut past the approval queue, on the running server's database.
    const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: haven.dataDir, DATABASE_URL: "" } });
    await cli("partner:create", "pat", "--team", TEAM, "--email", "pat@example.com", "--expires", "2099-12-31", "--password", "pat-password-long-1");
    lead = new DavClient(haven.url, { username: "lead", password: "lead-password-1" });
    pat = new DavClient(haven.url, { username: "pat", password: "pat-password-long-1" });
    expect((await lead.put(`/dav/teams/${T}/internal.txt`, "members only")).status).toBe(201);
    expect((await lead.mkcol(`/dav/teams/${T}/Brief`)).status).toBe(201);
    expect((await lead.put(`/dav/teams/${T}/Brief/brief.txt`, "the brief")).status).toBe(201);
    expect((await lead.mkcol(`/dav/teams/${T}/Brief/inner`)).status).toBe(201);
    expect((await lead.put(`/dav/teams/${T}/spec.txt`, "a spec")).status).toBe(201);
    expect((await lead.put(`/dav/teams/${T}/notes.txt`, "notes v1")).status).toBe(201);
    const patId = (await admin.ok<{ items: { id: number; username: string }[] }>("GET", "/api/admin/users?q=pat")).items.find((u) => u.username === "pat")!.id;
    const leadApi = new ApiClient(haven.url, await signIn(haven.url, "lead", "lead-password-1"));
    const top = (await leadApi.ok<{ items: { id: number; name: string }[] }>("GET", `/api/nodes/${team.rootId}/children`)).items;
    for (const name of ["Brief", "spec.txt"]) {
      await leadApi.ok("POST", "/api/shares/grants", { nodeId: top.find((n) => n.name === name)!.id, userId: patId, permission: "view" });
    }
    await leadApi.ok("POST", "/api/shares/grants", { nodeId: top.find((n) => n.name === "notes.txt")!.id, userId: patId, permission: "edit" });
  }, 180_000);
  afterAll(async () => haven?.destroy());

  it("/dav/teams/ lists the partner's team; the team lists only its own folder and what is shared with it", async () => {
    expect(hrefs((await pat.propfind("/dav/teams/", "1")).text)).toEqual(["/dav/teams/", `/dav/teams/${TEAM}/`]);
    const listing = await pat.propfind(`/dav/teams/${T}/`, "1");
    expect(listing.status).toBe(207);
    expect(hrefs(listing.text).sort()).toEqual([`/dav/teams/${TEAM}/`, `/dav/teams/${TEAM}/${HOME}/`, `/dav/teams/${TEAM}/Brief/`, `/dav/teams/${TEAM}/notes.txt`, `/dav/teams/${TEAM}/spec.txt`].sort());
    // Members see the whole team as before.
    expect(hrefs((await lead.propfind(`/dav/teams/${T}/`, "1")).text)).toContain(`/dav/teams/${TEAM}/internal.txt`);
  });

  it("the partner uploads into its folder, reads what is shared, and reaches nothing else", async () => {
    expect((await pat.put(`/dav/teams/${T}/${HOME}/mix.wav`, "deliverable")).status).toBe(201);
    expect((await pat.req("GET", `/dav/teams/${T}/${HOME}/mix.wav`)).text).toBe("deliverable");
    expect(hrefs((await pat.propfind(`/dav/teams/${T}/${HOME}/`, "1")).text)).toEqual([`/dav/teams/${TEAM}/${HOME}/`, `/dav/teams/${TEAM}/${HOME}/mix.wav`]);
    expect((await pat.req("GET", `/dav/teams/${T}/Brief/brief.txt`)).text).toBe("the brief");
    expect(hrefs((await pat.propfind(`/dav/teams/${T}/Brief/`, "1")).text).sort()).toEqual([`/dav/teams/${TEAM}/Brief/`, `/dav/teams/${TEAM}/Brief/brief.txt`, `/dav/teams/${TEAM}/Brief/inner/`].sort());
    expect((await pat.req("GET", `/dav/teams/${T}/spec.txt`)).text).toBe("a spec");
    expect((await pat.put(`/dav/teams/${T}/Brief/mine.txt`, "no")).status).toBe(403);
    expect((await pat.req("GET", `/dav/teams/${T}/internal.txt`)).status).toBe(404);
    expect((await pat.put(`/dav/teams/${T}/loose.txt`, "no")).status).toBe(404);
    expect((await pat.req("DELETE", `/dav/teams/${T}/Brief/brief.txt`)).status).toBe(403);
  });

  it("a file shared on its own with an edit grant takes new versions at the top of the team; a view grant does not", async () => {
    const before = (await pat.propfind(`/dav/teams/${T}/notes.txt`, "0", ETAG_AND_ID)).text;
    const put = await pat.put(`/dav/teams/${T}/notes.txt`, "notes v2 by pat");
    expect(put.status).toBe(204);
    expect((await pat.req("GET", `/dav/teams/${T}/notes.txt`)).text).toBe("notes v2 by pat");
    expect((await lead.req("GET", `/dav/teams/${T}/notes.txt`)).text).toBe("notes v2 by pat");
    // The same node (file id kept), a new ETag; through the Nextcloud alias too.
    const after = (await pat.propfind(`/dav/teams/${T}/notes.txt`, "0", ETAG_AND_ID)).text;
    expect(fileIdOf(after)).toBe(fileIdOf(before));
    expect(etagOf(after)).not.toBe(etagOf(before));
    expect((await pat.put(`/remote.php/webdav/${T}/notes.txt`, "notes v3")).status).toBe(204);
    expect((await lead.req("GET", `/dav/teams/${T}/notes.txt`)).text).toBe("notes v3");
    // A view grant stays read-only, and the partner's listing is unchanged (no stray copy beside the file).
    expect((await pat.put(`/dav/teams/${T}/spec.txt`, "overwritten")).status).toBe(403);
    expect((await lead.req("GET", `/dav/teams/${T}/spec.txt`)).text).toBe("a spec");
    expect(hrefs((await lead.propfind(`/dav/teams/${T}/`, "1")).text).filter((h) => h.includes("notes"))).toEqual([`/dav/teams/${TEAM}/notes.txt`]);
  });

  it("the Nextcloud aliases show the team as a top-level folder with the same contents", async () => {
    const root = hrefs((await pat.propfind("/remote.php/dav/files/pat/", "1")).text);
    expect(root).toContain(`/remote.php/dav/files/pat/${TEAM}/`);
    const team = hrefs((await pat.propfind(`/remote.php/dav/files/pat/${T}/`, "1")).text).sort();
    expect(team).toEqual([`/remote.php/dav/files/pat/${TEAM}/`, `/remote.php/dav/files/pat/${TEAM}/${HOME}/`, `/remote.php/dav/files/pat/${TEAM}/Brief/`, `/remote.php/dav/files/pat/${TEAM}/notes.txt`, `/remote.php/dav/files/pat/${TEAM}/spec.txt`].sort());
    expect((await pat.req("GET", `/remote.php/webdav/${T}/Brief/brief.txt`)).text).toBe("the brief");
    expect((await pat.req("GET", `/remote.php/webdav/${T}/${HOME}/mix.wav`)).text).toBe("deliverable");
    expect((await pat.req("GET", `/remote.php/webdav/${T}/internal.txt`)).status).toBe(404);
  });
});
