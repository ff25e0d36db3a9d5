import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();

describe.each(PROVIDERS)("internal shares to teams on %s", (provider) => {
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider);
  });
  afterAll(async () => h?.close());

  it("members see a team grant in Shared with me; leaving the team or a revoke ends it at the next call", async () => {
    const { teams, shareGrants, files } = h.services;
    const owner = await makeUser(h.services);
    const lead = await makeUser(h.services);
    const member = await makeUser(h.services);
    const outsider = await makeUser(h.services);
    const team = await teams.create(null, { name: `grantees-${provider}`, ownerId: lead.user.id });
    await teams.addMember(lead.actor, team.id, member.user.id, "viewer");
    await teams.addMember(lead.actor, team.id, owner.user.id, "viewer");
    const folder = await files.createFolder(owner.actor, owner.rootId, "for the team");
    const inside = await putFile(h.services, owner.actor, folder.node.id, "a.txt", "a");

    const made = await shareGrants.grant(owner.actor, folder.node.id, { teamId: team.id, permission: "edit" });
    expect(made.recipient).toEqual({ type: "team", id: team.id, username: team.name, displayName: team.name });
    expect((await shareGrants.listGrants(owner.actor, folder.node.id)).map((g) => g.recipient.type)).toEqual(["team"]);

    for (const who of [member, lead]) {
      const mine = await shareGrants.sharedWithMe(who.actor);
      expect(mine.map((s) => s.entry.node.id)).toEqual([folder.node.id]);
      expect((await files.get(who.actor, inside.id)).rights).toMatchObject({ read: true, write: true });
    }
    // The granter's own grant to its team is not "shared with" it.
    expect(await shareGrants.sharedWithMe(owner.actor)).toEqual([]);
    expect(await codeOf(files.get(outsider.actor, inside.id))).toBe("NOT_FOUND");
    expect(await codeOf(shareGrants.grant(outsider.actor, (await files.createFolder(outsider.actor, outsider.rootId, "x")).node.id, { teamId: team.id, permission: "view" }))).toBe("NOT_FOUND");

    await teams.removeMember(lead.actor, team.id, member.user.id);
    expect(await shareGrants.sharedWithMe(member.actor)).toEqual([]);
    expect(await codeOf(files.get(member.actor, inside.id))).toBe("NOT_FOUND");

    await shareGrants.revokeGrant(owner.actor, made.grant.id);
    expect(await codeOf(files.get(lead.actor, inside.id))).toBe("NOT_FOUND");
  });
});
