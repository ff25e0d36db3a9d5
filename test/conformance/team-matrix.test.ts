import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MATRIX_ACTIONS, PERMISSION_MATRIX, allows, type MatrixAction, type MatrixRole } from "@/lib/domain/permissions";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin, signIn } from "../helpers/haven-server";
import { DavClient, hrefs } from "../webdav/dav-client";

/**
 * The permission matrix (lib/domain/permissions.ts) against the built server: each role does each action on a fresh
 * file of a team, over WebDAV (/dav/teams/<team>/: list, read, upload, rename, move out, delete), tus (upload) and
 * REST (share, manage members). Partners have no account-creation path here (the partner flow makes them); the
 * service matrix test covers them.
 */
const ROLES: MatrixRole[] = ["siteAdmin", "teamAdmin", "editor", "viewer", "otherUser", "anonymous"];
const TEAM = "Matrix Team";
const BASE = `/dav/teams/${encodeURIComponent(TEAM)}`;

describe("the team permission matrix over WebDAV, tus and REST", () => {
  let haven: HavenProcess;
  let teamId: number;
  let rootId: number;
  const dav = new Map<MatrixRole, DavClient>();
  const api = new Map<MatrixRole, ApiClient>();
  let lead: DavClient;
  let spareId: number;
  let n = 0;

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    const adminCookie = await setupAdmin(haven.url);
    const admin = new ApiClient(haven.url, adminCookie);
    const ids = new Map<string, number>();
    for (const name of ["lead", "editor", "viewer", "other", "spare"]) {
      ids.set(name, (await admin.ok<{ id: number }>("POST", "/api/admin/users", { username: name, password: `${name}-password-1` })).id);
    }
    spareId = ids.get("spare")!;
    const team = await admin.ok<{ id: number; rootId: number }>("POST", "/api/teams", { name: TEAM });
    teamId = team.id;
    rootId = team.rootId;
    await admin.ok("POST", `/api/teams/${teamId}/members`, { userId: ids.get("lead"), role: "admin" });
    await admin.ok("POST", `/api/teams/${teamId}/members`, { userId: ids.get("editor"), role: "editor" });
    await admin.ok("POST", `/api/teams/${teamId}/members`, { userId: ids.get("viewer"), role: "viewer" });
    // The site admin who created the team steps out: it keeps managing, but sees no content.
    await admin.ok("DELETE", `/api/teams/${teamId}/members/${(await admin.ok<{ id: number }>("GET", "/api/me")).id}`);
    const accounts: [MatrixRole, string, string][] = [
      ["siteAdmin", "admin", "admin-password-1"],
      ["teamAdmin", "lead", "lead-password-1"],
      ["editor", "editor", "editor-password-1"],
      ["viewer", "viewer", "viewer-password-1"],
      ["otherUser", "other", "other-password-1"],
    ];
    for (const [role, username, password] of accounts) {
      dav.set(role, new DavClient(haven.url, { username, password }));
      api.set(role, new ApiClient(haven.url, role === "siteAdmin" ? adminCookie : await signIn(haven.url, username, password)));
    }
    dav.set("anonymous", new DavClient(haven.url, null));
    api.set("anonymous", new ApiClient(haven.url, ""));
    lead = dav.get("teamAdmin")!;
    expect((await lead.mkcol(`${BASE}/dest`)).status).toBe(201);
  }, 120_000);
  afterAll(async () => haven?.destroy());

  async function freshFile(): Promise<{ name: string; id: number }> {
    const name = `f${++n}.txt`;
    const res = await lead.put(`${BASE}/${name}`, "matrix");
    expect(res.status).toBe(201);
    return { name, id: Number.parseInt(res.headers.get("oc-fileid")!, 10) };
  }

  async function attempt(role: MatrixRole, action: MatrixAction): Promise<number> {
    const d = dav.get(role)!;
    const a = api.get(role)!;
    const file = await freshFile();
    const destination = (path: string) => ({ headers: { destination: `${haven.url}${path}` } });
    switch (action) {
      case "list":
        return (await d.propfind(`${BASE}/`, "1")).status;
      case "read":
        return (await d.req("GET", `${BASE}/${file.name}`)).status;
      case "upload":
        return (await d.put(`${BASE}/up${n}.txt`, "new")).status;
      case "rename":
        return (await d.req("MOVE", `${BASE}/${file.name}`, destination(`${BASE}/renamed${n}.txt`))).status;
      case "moveOut":
        return (await d.req("MOVE", `${BASE}/${file.name}`, destination(`${BASE}/dest/${file.name}`))).status;
      case "delete":
        return (await d.req("DELETE", `${BASE}/${file.name}`)).status;
      case "share":
        return (await a.call("POST", "/api/shares/links", { nodeId: file.id, mode: "view" })).status;
      case "manageMembers": {
        const { status } = await a.call("POST", `/api/teams/${teamId}/members`, { userId: spareId, role: "viewer" });
        if (status < 300) await a.ok("DELETE", `/api/teams/${teamId}/members/${spareId}`);
        return status;
      }
    }
  }

  const cells = ROLES.flatMap((role) => MATRIX_ACTIONS.map((action) => [role, action] as const));

  it.each(cells)("%s × %s", async (role, action) => {
    const status = await attempt(role, action);
    if (allows(PERMISSION_MATRIX[role][action], false)) expect(status).toBeLessThan(300);
    else expect([401, 403, 404]).toContain(status);
    if (role === "anonymous") expect(status).toBe(401);
  });

  it.each(ROLES)("%s × upload over tus", async (role) => {
    const metadata = [`filename ${Buffer.from(`tus-${role}.txt`).toString("base64")}`, `parentId ${Buffer.from(String(rootId)).toString("base64")}`].join(",");
    const res = await fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: { cookie: api.get(role)!.cookie, "Tus-Resumable": "1.0.0", "Upload-Length": "3", "Upload-Metadata": metadata, "Content-Type": "application/offset+octet-stream" },
      body: new Uint8Array(Buffer.from("tus")),
    });
    if (allows(PERMISSION_MATRIX[role].upload, false)) expect(res.status).toBe(201);
    else expect([401, 403, 404]).toContain(res.status);
  });

  it("removal from the team takes effect on the next request (WebDAV, tus, REST)", async () => {
    const file = await freshFile();
    const viewer = dav.get("viewer")!;
    expect((await viewer.req("GET", `${BASE}/${file.name}`)).status).toBe(200);
    const me = await api.get("viewer")!.ok<{ id: number }>("GET", "/api/me");
    await api.get("teamAdmin")!.ok("DELETE", `/api/teams/${teamId}/members/${me.id}`);
    expect((await viewer.req("GET", `${BASE}/${file.name}`)).status).toBe(404);
    expect(hrefs((await viewer.propfind("/dav/teams/", "1")).text)).toEqual(["/dav/teams/"]);
    expect((await api.get("viewer")!.call("GET", `/api/nodes/${file.id}`)).status).toBe(404);
  });
});
