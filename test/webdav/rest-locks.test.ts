import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { signIn, type HavenProcess } from "../helpers/haven-server";
import { DavClient, LOCK_BODY, startDav } from "./dav-client";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

type NodeJson = { id: number; name: string };

/**
 * The browser's REST paths honour WebDAV locks: a rename, move, delete or replacing upload of something that another
 * user's WebDAV client has locked is 423; the lock holder's own browser may still write; an expired lock stops counting.
 */
describe("REST writes under WebDAV locks", () => {
  let haven: HavenProcess;
  let dav: DavClient;
  let admin: ApiClient;
  let bob: ApiClient;
  let rootId: number;

  beforeAll(async () => {
    ({ haven, dav, api: admin } = await startDav());
    const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: haven.dataDir, DATABASE_URL: "" } });
    await cli("user:create", "bob", "--password", "bob-password-1");
    rootId = (await admin.ok<{ space: { rootId: number; spaceId: number } }>("GET", "/api/me")).space.rootId;
    const { spaceId } = (await admin.ok<{ space: { spaceId: number } }>("GET", "/api/me")).space;
    // Team spaces and share grants come later; until then an editor membership is written straight into the
    // database, so that a second user can reach the same files.
    const db = new Database(path.join(haven.dataDir, "haven.db"));
    const bobId = (db.prepare(`SELECT id FROM "User" WHERE username = 'bob'`).get() as { id: number }).id;
    db.prepare(`INSERT INTO "SpaceMember" ("spaceId", "userId", "role") VALUES (?, ?, 'editor')`).run(spaceId, bobId);
    db.close();
    bob = new ApiClient(haven.url, await signIn(haven.url, "bob", "bob-password-1"));
  });
  afterAll(async () => haven?.destroy());

  it("refuses another user's rename, move, delete and replacing upload with 423, and allows them after UNLOCK", async () => {
    expect((await dav.put("/dav/report.docx", "v1")).status).toBe(201);
    expect((await dav.mkcol("/dav/archive")).status).toBe(201);
    const children = (await admin.ok<{ items: NodeJson[] }>("GET", `/api/nodes/${rootId}/children`)).items;
    const file = children.find((n) => n.name === "report.docx")!;
    const archive = children.find((n) => n.name === "archive")!;
    const locked = await dav.req("LOCK", "/dav/report.docx", { headers: { depth: "0", timeout: "Second-600" }, body: LOCK_BODY() });
    expect(locked.status).toBe(200);
    const token = DavClient.token(locked);

    const rename = await bob.call<{ error: { code: string } }>("PATCH", `/api/nodes/${file.id}`, { name: "renamed.docx" });
    expect(rename.status).toBe(423);
    expect(rename.json.error.code).toBe("LOCKED");
    expect((await bob.call("POST", "/api/nodes/move", { ids: [file.id], targetId: archive.id })).status).toBe(423);
    expect((await bob.call("POST", "/api/nodes/trash", { ids: [file.id] })).status).toBe(423);
    const replace = await fetch(`${haven.url}/api/upload/`, {
      method: "POST",
      headers: {
        cookie: bob.cookie,
        "Tus-Resumable": "1.0.0",
        "Upload-Length": "2",
        "Upload-Metadata": `filename ${Buffer.from("report.docx").toString("base64")},parentId ${Buffer.from(String(rootId)).toString("base64")},onConflict ${Buffer.from("replace").toString("base64")}`,
      },
    });
    expect(replace.status).toBe(423);
    // Nothing changed, and the lock holder's client still writes with its token.
    expect((await dav.req("GET", "/dav/report.docx")).text).toBe("v1");
    expect((await dav.put("/dav/report.docx", "v2", { if: `(<${token}>)` })).status).toBe(204);
    // The lock holder's own browser cannot send the token; it may still write.
    const own = await admin.ok<NodeJson>("PATCH", `/api/nodes/${file.id}`, { name: "report-final.docx" });
    expect(own.name).toBe("report-final.docx");
    await admin.ok("PATCH", `/api/nodes/${file.id}`, { name: "report.docx" });

    expect((await dav.req("UNLOCK", "/dav/report.docx", { headers: { "lock-token": `<${token}>` } })).status).toBe(204);
    expect((await bob.ok<NodeJson>("PATCH", `/api/nodes/${file.id}`, { name: "renamed.docx" })).name).toBe("renamed.docx");
    expect((await bob.ok<{ items: NodeJson[] }>("POST", "/api/nodes/move", { ids: [file.id], targetId: archive.id })).items[0]!.id).toBe(file.id);
  });

  it("a depth-infinity lock on a folder protects everything in it, and new files in it", async () => {
    expect((await dav.mkcol("/dav/shared")).status).toBe(201);
    expect((await dav.put("/dav/shared/a.txt", "a")).status).toBe(201);
    const locked = await dav.req("LOCK", "/dav/shared", { headers: { depth: "infinity", timeout: "Second-600" }, body: LOCK_BODY() });
    expect(locked.status).toBe(200);
    const shared = (await admin.ok<{ items: NodeJson[] }>("GET", `/api/nodes/${rootId}/children`)).items.find((n) => n.name === "shared")!;
    const a = (await admin.ok<{ items: NodeJson[] }>("GET", `/api/nodes/${shared.id}/children`)).items[0]!;
    expect((await bob.call("PATCH", `/api/nodes/${a.id}`, { name: "b.txt" })).status).toBe(423);
    expect((await bob.call("POST", "/api/nodes/trash", { ids: [shared.id] })).status).toBe(423);
    await expect(bob.upload(shared.id, "new.txt", Buffer.from("new"))).rejects.toThrow(/→ 423/);
    // Bob's own folder next to it is not affected.
    const mine = await bob.ok<NodeJson>("POST", `/api/nodes/${rootId}/children`, { name: "bob-notes" });
    expect((await bob.call("PATCH", `/api/nodes/${mine.id}`, { name: "bob-notes-2" })).status).toBe(200);
    await dav.req("UNLOCK", "/dav/shared", { headers: { "lock-token": `<${DavClient.token(locked)}>` } });
    expect((await bob.call("PATCH", `/api/nodes/${a.id}`, { name: "b.txt" })).status).toBe(200);
  });
});
