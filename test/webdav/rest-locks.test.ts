import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { signIn } from "../helpers/haven-server";
import { useDavServer } from "../helpers/dav-server";
import { DavClient, LOCK_BODY } from "./dav-client";

type NodeJson = { id: number; name: string };

/**
 * The browser's REST paths honour WebDAV locks: a rename, move, delete or replacing upload of something that another
 * user's WebDAV client has locked is 423; the lock holder's own browser may still write; an expired lock stops counting.
 */
describe("REST writes under WebDAV locks", () => {
  const { haven, dav, api: admin } = useDavServer();
  let bob: ApiClient;
  let rootId: number;

  beforeAll(async () => {
    ({ rootId } = (await admin.ok<{ space: { rootId: number } }>("GET", "/api/me")).space);
    // Bob reaches the admin's files through an internal share of the whole space root with edit rights.
    const bobId = (await admin.ok<{ id: number }>("POST", "/api/admin/users", { username: "bob", password: "bob-password-1" })).id;
    await admin.ok("POST", "/api/shares/grants", { nodeId: rootId, userId: bobId, permission: "edit" });
    bob = new ApiClient(haven.url, await signIn(haven.url, "bob", "bob-password-1"));
  });

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
    await expect(bob.upload(rootId, "report.docx", Buffer.from("v2"), { onConflict: "replace" })).rejects.toThrow(/→ 423/);
    // Nothing changed, and the lock holder's client still writes with its token.
    expect((await dav.req("GET", "/dav/report.docx")).text).toBe("v1");
    expect((await dav.put("/dav/report.docx", "v2", { if: `(<${token}>)` })).status).toBe(204);
    // The lock holder's own browser cannot send the token; it may still write. The rename takes the file away from
    // the locked path, so the lock dies with it (locks die with their resource, whichever door moves it).
    const own = await admin.ok<NodeJson>("PATCH", `/api/nodes/${file.id}`, { name: "report-final.docx" });
    expect(own.name).toBe("report-final.docx");
    await admin.ok("PATCH", `/api/nodes/${file.id}`, { name: "report.docx" });

    expect((await dav.req("UNLOCK", "/dav/report.docx", { headers: { "lock-token": `<${token}>` } })).status).toBe(409);
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
