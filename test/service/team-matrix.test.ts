import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MATRIX_ACTIONS, MATRIX_ROLES, PERMISSION_MATRIX, allows, type Actor, type MatrixAction, type MatrixRole } from "@/lib/domain/permissions";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";
import { codeOf } from "../helpers/errors";

const PROVIDERS = await providers();

/**
 * The permission matrix (lib/domain/permissions.ts), cell by cell, through the real services: every role of
 * PERMISSION_MATRIX tries every action on a fresh file of a team, and the outcome must be the cell's. Partners are
 * tried twice: on the team's files (their "own" cells are no) and on what they created (their "own" cells are yes).
 */
describe.each(PROVIDERS)("the team permission matrix through the services on %s", (provider) => {
  let h: TestHarness;
  let teamId: number;
  let rootId: number;
  let destId: number;
  let lead: Awaited<ReturnType<typeof makeUser>>;
  let partnerFolderId: number;
  let partnerDestId: number;
  let spare: Awaited<ReturnType<typeof makeUser>>;
  const actors = new Map<MatrixRole, Actor>();
  let n = 0;

  beforeAll(async () => {
    h = await createHarness(provider);
    const s = h.services;
    const admin = await makeUser(s, { role: "admin" });
    lead = await makeUser(s);
    const editor = await makeUser(s);
    const viewer = await makeUser(s);
    const partner = await makeUser(s);
    const other = await makeUser(s);
    spare = await makeUser(s);
    const team = await s.teams.create(admin.actor, { name: `matrix-${provider}`, ownerId: lead.user.id });
    teamId = team.id;
    rootId = team.rootId;
    await s.teams.addMember(lead.actor, teamId, editor.user.id, "editor");
    await s.teams.addMember(lead.actor, teamId, viewer.user.id, "viewer");
    destId = (await s.files.createFolder(lead.actor, rootId, "dest")).node.id;
    // A partner's own folder: what the partner flow gives it (created by the partner), then the partner role.
    await s.teams.addMember(lead.actor, teamId, partner.user.id, "editor");
    partnerFolderId = (await s.files.createFolder(partner.actor, rootId, "deliverables")).node.id;
    partnerDestId = (await s.files.createFolder(partner.actor, partnerFolderId, "final")).node.id;
    await s.uow.repos.spaces.setMemberRole(teamId, partner.user.id, "partner");
    await s.uow.repos.users.update(partner.user.id, { role: "partner" });
    actors.set("siteAdmin", admin.actor);
    actors.set("teamAdmin", lead.actor);
    actors.set("editor", editor.actor);
    actors.set("viewer", viewer.actor);
    actors.set("partner", { userId: partner.user.id, role: "partner" });
    actors.set("otherUser", other.actor);
    // Anonymous: a public-link visitor (of another user's folder), the only way in without an account.
    const link = await s.shareLinks.createLink(other.actor, other.rootId, { mode: "edit" });
    actors.set("anonymous", { userId: other.user.id, role: "user", link: { id: link.link.id, mode: "edit" }, scopeNodeId: other.rootId });
  }, 60_000);
  afterAll(async () => h?.close());

  /** Runs one action as `actor` on a fresh file in `folderId` (moving out into `dest`); resolves "OK" or the refusal's code. */
  async function attempt(actor: Actor, action: MatrixAction, folderId: number, dest: number): Promise<string> {
    const s = h.services;
    const file = await putFile(s, lead.actor, folderId, `f${++n}.txt`, "matrix");
    switch (action) {
      case "list":
        return codeOf(s.files.list(actor, folderId));
      case "read":
        return codeOf(s.downloads.openFile(actor, file.id).then(async (c) => (await c.open()).destroy()));
      case "upload":
        return codeOf(putFile(s, actor, folderId, `up${n}.txt`, "new"));
      case "rename":
        return codeOf(s.files.rename(actor, file.id, `renamed${n}.txt`));
      case "moveOut":
        return codeOf(s.files.move(actor, [file.id], dest));
      case "delete":
        return codeOf(s.trash.trash(actor, [file.id]));
      case "share":
        return codeOf(s.shareLinks.createLink(actor, file.id, { mode: "view" }));
      case "manageMembers": {
        const code = await codeOf(s.teams.addMember(actor, teamId, spare.user.id, "viewer"));
        if (code === "OK") await s.teams.removeMember(lead.actor, teamId, spare.user.id);
        return code;
      }
    }
  }

  const cells = MATRIX_ROLES.flatMap((role) => MATRIX_ACTIONS.map((action) => [role, action] as const));

  it.each(cells)("%s × %s on the team's files", async (role, action) => {
    const expected = allows(PERMISSION_MATRIX[role][action], false);
    const code = await attempt(actors.get(role)!, action, rootId, destId);
    if (expected) expect(code).toBe("OK");
    else expect(["FORBIDDEN", "NOT_FOUND"]).toContain(code);
    // Outsiders learn nothing of the team's files: refused as if absent.
    if (["siteAdmin", "otherUser", "anonymous"].includes(role) && action !== "manageMembers") expect(code).toBe("NOT_FOUND");
  });

  it.each(MATRIX_ACTIONS.map((a) => [a]))("partner × %s on what it created", async (action) => {
    // The partner's own files: the lead puts a file in, but "own" is about the partner's folder above it.
    const expected = allows(PERMISSION_MATRIX.partner[action], true);
    const code = await attempt(actors.get("partner")!, action, partnerFolderId, partnerDestId);
    if (expected) expect(code).toBe("OK");
    else expect(["FORBIDDEN", "NOT_FOUND"]).toContain(code);
  });

  it("the matrix is the one the README prints", () => {
    const yes = (role: MatrixRole) => MATRIX_ACTIONS.filter((a) => PERMISSION_MATRIX[role][a] !== false);
    expect(yes("siteAdmin")).toEqual(["manageMembers"]);
    expect(yes("teamAdmin")).toEqual([...MATRIX_ACTIONS]);
    expect(yes("editor")).toEqual(MATRIX_ACTIONS.filter((a) => a !== "manageMembers"));
    expect(yes("viewer")).toEqual(["list", "read"]);
    expect(yes("otherUser")).toEqual([]);
    expect(yes("anonymous")).toEqual([]);
  });
});
