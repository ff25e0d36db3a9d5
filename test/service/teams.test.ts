import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("team spaces on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());
  const unique = () => `T${Math.random().toString(36).slice(2, 8)}`;

  it("site admins create teams; users only when the site allows it; the creator is team admin", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const user = await makeUser(h.services);
    const { teams, settings } = h.services;
    const made = await teams.create(admin.actor, { name: unique(), description: "Design work" });
    expect(made).toMatchObject({ role: "admin", manage: true, description: "Design work" });
    expect(await codeOf(teams.create(user.actor, { name: unique() }))).toBe("FORBIDDEN");
    expect(await settings.usersMayCreateTeams()).toBe(false);
    expect(await codeOf(settings.setUsersMayCreateTeams(user.actor, true))).toBe("FORBIDDEN");
    await settings.setUsersMayCreateTeams(admin.actor, true);
    const own = await teams.create(user.actor, { name: unique() });
    expect(own.role).toBe("admin");
    expect(await codeOf(teams.create(user.actor, { name: unique(), quota: 10 }))).toBe("FORBIDDEN");
    expect(await codeOf(teams.create(admin.actor, { name: made.name }))).toBe("CONFLICT");
    expect(await codeOf(teams.create(admin.actor, { name: "a/b" }))).toBe("INVALID_NAME");
    expect((await teams.mine(user.actor)).map((t) => t.id)).toEqual([own.id]);
    expect((await teams.all(admin.actor)).map((t) => t.id)).toEqual(expect.arrayContaining([made.id, own.id]));
    expect(await codeOf(teams.all(user.actor))).toBe("FORBIDDEN");
    await settings.setUsersMayCreateTeams(admin.actor, false);
  });

  it("settings: team admins rename and describe; only site admins set quota and policy", async () => {
    const admin = await makeUser(h.services, { role: "admin" });
    const lead = await makeUser(h.services);
    const editor = await makeUser(h.services);
    const { teams } = h.services;
    const team = await teams.create(null, { name: unique(), ownerId: lead.user.id });
    await teams.addMember(lead.actor, team.id, editor.user.id, "editor");
    const renamed = await teams.updateSettings(lead.actor, team.id, { name: `${team.name}x`, description: "d" });
    expect(renamed).toMatchObject({ name: `${team.name}x`, description: "d" });
    expect(await codeOf(teams.updateSettings(lead.actor, team.id, { quota: 100 }))).toBe("FORBIDDEN");
    expect(await codeOf(teams.updateSettings(editor.actor, team.id, { description: "no" }))).toBe("FORBIDDEN");
    expect((await teams.updateSettings(admin.actor, team.id, { quota: 100 })).quota).toBe(100);
    const policy = await h.services.spaces.defaultPolicy();
    expect((await teams.updateSettings(admin.actor, team.id, { policyId: policy.id })).policyId).toBe(policy.id);
    expect(await codeOf(teams.updateSettings(admin.actor, team.id, { policyId: 999999 }))).toBe("NOT_FOUND");
  });

  it("team uploads count against the team's quota, not the uploader's", async () => {
    const lead = await makeUser(h.services, { quota: 5 });
    const { teams, spaces } = h.services;
    const team = await teams.create(null, { name: unique(), ownerId: lead.user.id, quota: 20 });
    await putFile(h.services, lead.actor, team.rootId, "a.txt", "0123456789");
    expect((await teams.get(lead.actor, team.id)).usedBytes).toBe(10);
    expect((await spaces.usage(lead.user.id)).used).toBe(0);
    expect(await codeOf(putFile(h.services, lead.actor, team.rootId, "b.txt", "01234567890123"))).toBe("QUOTA_EXCEEDED");
  });

  it("members: add, change role, remove (effective at the next call); the last admin stays", async () => {
    const lead = await makeUser(h.services);
    const bob = await makeUser(h.services);
    const { teams, files } = h.services;
    const team = await teams.create(null, { name: unique(), ownerId: lead.user.id });
    const doc = await putFile(h.services, lead.actor, team.rootId, "doc.txt", "x");
    expect(await codeOf(files.get(bob.actor, doc.id))).toBe("NOT_FOUND");
    await teams.addMember(lead.actor, team.id, bob.user.id, "viewer");
    expect((await files.get(bob.actor, doc.id)).rights).toMatchObject({ read: true, write: false });
    expect(await codeOf(teams.addMember(bob.actor, team.id, lead.user.id, "viewer"))).toBe("FORBIDDEN");
    await teams.changeRole(lead.actor, team.id, bob.user.id, "editor");
    expect((await files.get(bob.actor, doc.id)).rights).toMatchObject({ read: true, write: true, delete: true });
    expect((await teams.members(bob.actor, team.id)).map((m) => [m.userId, m.role])).toEqual([
      [lead.user.id, "admin"],
      [bob.user.id, "editor"],
    ]);
    expect(await codeOf(teams.removeMember(lead.actor, team.id, lead.user.id))).toBe("CONFLICT");
    expect(await codeOf(teams.changeRole(lead.actor, team.id, lead.user.id, "viewer"))).toBe("CONFLICT");
    await teams.removeMember(lead.actor, team.id, bob.user.id);
    expect(await codeOf(files.get(bob.actor, doc.id))).toBe("NOT_FOUND");
    expect(await codeOf(teams.get(bob.actor, team.id))).toBe("NOT_FOUND");
    expect(await codeOf(teams.addMember(lead.actor, team.id, bob.user.id, "owner" as "admin"))).toBe("INVALID_INPUT");
  });

  it("deleting a team cuts members off at once; the purge job removes its files and the space", async () => {
    const lead = await makeUser(h.services);
    const { teams, files, uow } = h.services;
    const team = await teams.create(null, { name: unique(), ownerId: lead.user.id });
    const folder = await files.createFolder(lead.actor, team.rootId, "f");
    await putFile(h.services, lead.actor, folder.node.id, "a.txt", "abc");
    await teams.delete(lead.actor, team.id);
    expect(await codeOf(files.get(lead.actor, folder.node.id))).toBe("NOT_FOUND");
    expect(await teams.mine(lead.actor)).toEqual([]);
    await teams.purgeDeleted(team.id);
    expect(await uow.repos.spaces.findById(team.id)).toBeNull();
    expect(await uow.repos.nodes.findById(folder.node.id)).toBeNull();
  });
});
