import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin, signIn } from "../helpers/haven-server";

type Node = { id: number; name: string };
type Tag = { id: number; name: string; color: string; count?: number };

/** The quick-access REST routes against the built server: who may do what, and the status of every refusal. */
describe("quick access over REST", () => {
  let haven: HavenProcess;
  let owner: ApiClient;
  let friend: ApiClient;
  let rootId: number;

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    owner = new ApiClient(haven.url, await setupAdmin(haven.url));
    await owner.ok("POST", "/api/admin/users", { username: "fern", password: "fern-password-42", displayName: "Fern", email: "fern@example.com", role: "user", quota: null });
    friend = new ApiClient(haven.url, await signIn(haven.url, "fern", "fern-password-42"));
    rootId = (await owner.ok<Node>("GET", "/api/nodes/root")).id;
  });
  afterAll(async () => haven?.destroy());

  it("needs a session for every route", async () => {
    for (const [method, path] of [["GET", "/api/favorites"], ["GET", "/api/tags"], ["GET", "/api/recent"], ["GET", "/api/activity"], ["PUT", `/api/nodes/${rootId}/favorite`]]) {
      expect((await fetch(`${haven.url}${path}`, { method })).status, path).toBe(401);
    }
  });

  it("stars, tags, comments and marks: the owner's own, a stranger's 404, bad input 400/409", async () => {
    const fileId = await owner.upload(rootId, "budget.xlsx", Buffer.from("sheet"));
    expect(await owner.ok("PUT", `/api/nodes/${fileId}/favorite`, { favorite: true })).toEqual({ favorite: true });
    expect((await owner.ok<{ items: Node[] }>("GET", "/api/favorites")).items.map((n) => n.name)).toEqual(["budget.xlsx"]);
    expect((await owner.call("PUT", `/api/nodes/${fileId}/favorite`, { favorite: "yes" })).status).toBe(422);
    expect((await friend.call("PUT", `/api/nodes/${fileId}/favorite`, { favorite: true })).status).toBe(404);

    const tag = await owner.ok<Tag>("POST", "/api/tags", { name: "finance", color: "green" });
    expect((await owner.call("POST", "/api/tags", { name: "finance", color: "red" })).status).toBe(409);
    expect((await owner.call("POST", "/api/tags", { name: "x", color: "plaid" })).status).toBe(422);
    expect((await owner.call("POST", "/api/tags", { name: " ", color: "red" })).status).toBe(400);
    await owner.ok("PUT", `/api/nodes/${fileId}/tags/${tag.id}`);
    expect((await owner.ok<{ items: Node[] }>("GET", `/api/tags/items?tags=${tag.id}`)).items.map((n) => n.name)).toEqual(["budget.xlsx"]);
    expect((await owner.call("GET", "/api/tags/items?tags=abc")).status).toBe(422);
    expect((await friend.call("PATCH", `/api/tags/${tag.id}`, { color: "red" })).status).toBe(404);
    expect(await owner.ok<Tag>("PATCH", `/api/tags/${tag.id}`, { name: "money", color: "amber" })).toMatchObject({ name: "money", color: "amber" });

    const { marks } = await owner.ok<{ marks: Record<string, { favorite: boolean; shared: boolean; tags: Tag[] }> }>("POST", "/api/nodes/marks", { ids: [fileId] });
    expect(marks[fileId]).toEqual({ favorite: true, shared: false, tags: [{ id: tag.id, name: "money", color: "amber" }] });
    expect((await friend.ok<{ marks: object }>("POST", "/api/nodes/marks", { ids: [fileId] })).marks).toEqual({});

    // Shared with Fern (view): she comments; only the owner may delete her comment besides herself.
    const fern = (await owner.ok<{ users: { id: number; username: string }[] }>("GET", "/api/users/search?q=fern")).users.find((u) => u.username === "fern")!;
    await owner.ok("POST", "/api/shares/grants", { nodeId: fileId, userId: fern.id, permission: "view" });
    const mine = await owner.ok<{ id: number }>("POST", `/api/nodes/${fileId}/comments`, { body: "Please review" });
    const hers = await friend.ok<{ id: number }>("POST", `/api/nodes/${fileId}/comments`, { body: "Reviewed" });
    expect((await friend.call("PATCH", `/api/comments/${mine.id}`, { body: "hijack" })).status).toBe(403);
    expect((await friend.call("DELETE", `/api/comments/${mine.id}`)).status).toBe(403);
    expect((await owner.call("DELETE", `/api/comments/${hers.id}`)).status).toBe(204);
    expect((await friend.ok<{ items: { body: string }[] }>("GET", `/api/nodes/${fileId}/comments`)).items.map((c) => c.body)).toEqual(["Please review"]);
    expect((await owner.ok<{ marks: Record<string, { shared: boolean }> }>("POST", "/api/nodes/marks", { ids: [fileId] })).marks[fileId]!.shared).toBe(true);

    // Fern's activity shows the share to her; the owner's favourite stays the owner's.
    const stream = await friend.ok<{ items: { action: string; node: { name: string } }[] }>("GET", "/api/activity");
    expect(stream.items.map((i) => [i.action, i.node.name])).toEqual([["share.grant.created", "budget.xlsx"], ["node.created", "budget.xlsx"]]);
    expect((await friend.ok<{ items: Node[] }>("GET", "/api/favorites")).items).toEqual([]);
    expect((await owner.call("DELETE", `/api/tags/${tag.id}`)).status).toBe(204);
    expect((await owner.ok<{ items: Tag[] }>("GET", "/api/tags")).items).toEqual([]);
  });
});
