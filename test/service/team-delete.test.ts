import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { JobWorker } from "@/lib/jobs/worker";
import { codeOf } from "../helpers/errors";
import { makeUser, putFile } from "../helpers/factories";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("deleting a team: transfer or purge, on %s", (provider) => {
  let h: TestHarness;
  let siteAdmin: Awaited<ReturnType<typeof makeUser>>;
  const clock = new TestClock(new Date());
  let worker: JobWorker;
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
    siteAdmin = await makeUser(h.services, { role: "admin" });
    worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
  });
  afterAll(async () => h?.close());

  /** A team with `lead` as team admin, a member editor, a folder with two files (one in its trash) and a link and grant. */
  async function teamWithFiles(lead: Awaited<ReturnType<typeof makeUser>>, member: Awaited<ReturnType<typeof makeUser>>) {
    const team = await h.services.teams.create(null, { name: `T${Math.random().toString(36).slice(2, 8)}`, ownerId: lead.user.id, quota: null });
    await h.services.teams.addMember(null, team.id, member.user.id, "editor");
    const docs = await h.services.files.createFolder(member.actor, team.rootId, "docs");
    const kept = await putFile(h.services, member.actor, docs.node.id, "plan.txt", "twelve bytes");
    const binned = await putFile(h.services, member.actor, docs.node.id, "old.txt", "four");
    await h.services.trash.trash(member.actor, [binned.id]);
    await h.services.shareLinks.createLink(member.actor, kept.id, { mode: "view" });
    await h.services.shareGrants.grant(member.actor, docs.node.id, { userId: lead.user.id, permission: "view" });
    return { team, docs, kept, binned };
  }

  it("transfer: the files (trash too) move into “From team …” of the chosen account, charged to its quota, unshared; members lose the team", async () => {
    const lead = await makeUser(h.services);
    const member = await makeUser(h.services);
    const heir = await makeUser(h.services, { quota: 1000 });
    const { team, docs, kept, binned } = await teamWithFiles(lead, member);
    const heirUsed = (await h.services.spaces.usage(heir.user.id)).used;

    await h.services.teams.delete(siteAdmin.actor, team.id, { mode: "transfer", toUserId: heir.user.id });

    expect(await h.services.teams.mine(member.actor)).toEqual([]);
    expect(await codeOf(h.services.files.get(member.actor, kept.id))).toBe("NOT_FOUND");
    const top = await h.services.files.list(heir.actor, heir.rootId);
    const folder = top.items.find((e) => e.node.name === `From team ${team.name}`)!;
    expect(folder.node).toMatchObject({ isFolder: true, size: 12, spaceId: (await h.services.spaces.usage(heir.user.id)).spaceId });
    const movedDocs = (await h.services.files.get(heir.actor, docs.node.id)).node;
    expect(movedDocs.parentId).toBe(folder.node.id);
    expect((await h.services.files.get(heir.actor, kept.id)).node.path.startsWith(folder.node.path)).toBe(true);
    expect((await h.services.trash.listTrash(heir.actor)).map((e) => e.node.id)).toEqual([binned.id]);
    expect((await h.services.spaces.usage(heir.user.id)).used).toBe(heirUsed + 16);
    expect(await h.services.shareLinks.listLinks(heir.actor, kept.id)).toEqual([]);
    expect(await h.services.shareGrants.listGrants(heir.actor, docs.node.id)).toEqual([]);

    // The purge job then removes the emptied team; the moved files stay.
    await worker.runDue();
    expect(await h.services.uow.repos.spaces.findById(team.id)).toBeNull();
    expect((await h.services.files.get(heir.actor, kept.id)).node.name).toBe("plan.txt");
  });

  it("transfer into another team, and the quota rule: no room → QUOTA_EXCEEDED and nothing changes", async () => {
    const lead = await makeUser(h.services);
    const member = await makeUser(h.services);
    const { team, kept } = await teamWithFiles(lead, member);
    const small = await h.services.teams.create(null, { name: `S${Math.random().toString(36).slice(2, 8)}`, ownerId: lead.user.id, quota: 10 });
    expect(await codeOf(h.services.teams.delete(lead.actor, team.id, { mode: "transfer", toTeamId: small.id }))).toBe("QUOTA_EXCEEDED");
    expect((await h.services.teams.mine(member.actor)).map((t) => t.id)).toEqual([team.id]);
    expect((await h.services.files.get(member.actor, kept.id)).node.spaceId).toBe(team.id);

    await h.services.teams.updateSettings(siteAdmin.actor, small.id, { quota: null });
    await h.services.teams.delete(lead.actor, team.id, { mode: "transfer", toTeamId: small.id });
    const moved = (await h.services.files.get(lead.actor, kept.id)).node;
    expect(moved.spaceId).toBe(small.id);
    expect((await h.services.teams.get(lead.actor, small.id)).usedBytes).toBe(16);
  });

  it("who may send the files where: a team admin into its own files or a team it manages; a site admin anywhere", async () => {
    const lead = await makeUser(h.services);
    const member = await makeUser(h.services);
    const { team } = await teamWithFiles(lead, member);
    const foreign = await h.services.teams.create(null, { name: `F${Math.random().toString(36).slice(2, 8)}`, ownerId: member.user.id, quota: null });
    expect(await codeOf(h.services.teams.delete(member.actor, team.id, { mode: "transfer", toUserId: member.user.id }))).toBe("FORBIDDEN");
    expect(await codeOf(h.services.teams.delete(lead.actor, team.id, { mode: "transfer", toUserId: member.user.id }))).toBe("FORBIDDEN");
    // A team it is not in does not exist for it.
    expect(await codeOf(h.services.teams.delete(lead.actor, team.id, { mode: "transfer", toTeamId: foreign.id }))).toBe("NOT_FOUND");
    expect(await codeOf(h.services.teams.delete(lead.actor, team.id, { mode: "transfer", toTeamId: team.id }))).toBe("INVALID_INPUT");
    expect(await codeOf(h.services.teams.delete(siteAdmin.actor, team.id, { mode: "transfer", toUserId: 999_999 }))).toBe("NOT_FOUND");
    await h.services.teams.delete(lead.actor, team.id, { mode: "transfer", toUserId: lead.user.id });
    expect((await h.services.files.list(lead.actor, lead.rootId)).items.map((e) => e.node.name)).toContain(`From team ${team.name}`);
  });

  it("purge (the default) is as before: the job deletes the files and the team, and gives nothing to anyone", async () => {
    const lead = await makeUser(h.services);
    const member = await makeUser(h.services);
    const { team, kept } = await teamWithFiles(lead, member);
    await h.services.teams.delete(lead.actor, team.id);
    expect(await h.services.teams.mine(lead.actor)).toEqual([]);
    await worker.runDue();
    expect(await h.services.uow.repos.spaces.findById(team.id)).toBeNull();
    expect(await h.services.uow.repos.nodes.findById(kept.id)).toBeNull();
  });
});
