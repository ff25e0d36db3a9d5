import "server-only";
import { DomainError } from "@/lib/domain/errors";
import { assertValidName } from "@/lib/domain/names";
import type { Actor, SpaceRole } from "@/lib/domain/permissions";
import type { SpaceMemberRecord, SpaceRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import type { SettingsService } from "./settings.service";
import type { SpaceService } from "./space.service";
import { moveSpaceContent } from "./space-transfer";
import { deleteSubtreeBatch, yieldToEventLoop } from "./tree";
import { CACHE_TOPICS, type CacheBus } from "./cache-bus";

/** Roles a team admin hands out; "partner" is the partner flow's (a partner account is only ever a partner member). */
export const TEAM_ROLES = ["admin", "editor", "viewer"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface TeamView {
  id: number;
  name: string;
  description: string;
  quota: number | null;
  usedBytes: number;
  policyId: number;
  rootId: number;
  /** the caller's role; null for a site admin who is not a member */
  role: SpaceRole | null;
  /** whether the caller may change members and settings */
  manage: boolean;
}

export interface TeamSettingsInput {
  name?: string;
  description?: string;
  /** site admins only; null = unlimited */
  quota?: number | null;
  /** site admins only: the storage policy new uploads of the team go to */
  policyId?: number;
}

/** What happens to a deleted team's files: moved into a user's personal space or another team, or purged by a job. */
export type TeamRemoval = { mode: "purge" } | { mode: "transfer"; toUserId: number } | { mode: "transfer"; toTeamId: number };

const PURGE_BATCH = 500;

/**
 * Team spaces: creation (the creator is the first team admin), settings, members and roles, deletion (members go at
 * once, a job purges the content). Who may do what is AccessService's (the permission matrix).
 */
export class TeamService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly spaces: SpaceService,
    private readonly settings: SettingsService,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cacheBus: CacheBus,
  ) {}

  /**
   * Creates a team whose first admin is `ownerId` (default: the actor). `actor` null is the admin CLI. A quota other
   * than the default needs a site admin; user-created teams get the site's default quota.
   */
  async create(actor: Actor | null, input: { name: string; description?: string; quota?: number | null; ownerId?: number }): Promise<TeamView> {
    if (actor) await this.access.requireTeamCreator(actor);
    const name = teamName(input.name);
    const ownerId = input.ownerId ?? actor?.userId;
    if (ownerId === undefined) throw new DomainError("INVALID_INPUT", "A team needs an owner.");
    if (actor && ownerId !== actor.userId) this.access.requireSiteAdmin(actor, "create teams for someone else");
    if (input.quota !== undefined && actor) this.access.requireSiteAdmin(actor, "set a team's quota");
    const quota = input.quota !== undefined ? assertQuota(input.quota) : await this.settings.defaultQuota();
    const owner = await this.uow.repos.users.findById(ownerId);
    if (!owner || owner.disabled || owner.role === "partner") throw new DomainError("NOT_FOUND", "No such user to own the team.");
    const space = await this.uow.transaction(async (repos) => {
      if (await repos.spaces.findTeamByName(name)) throw new DomainError("CONFLICT", `A team named "${name}" exists already.`);
      const created = await this.spaces.createSpace(repos, { kind: "team", name, ownerId: null, quota, memberRole: "admin", memberId: owner.id });
      return input.description ? repos.spaces.updateTeam(created.id, { description: input.description.trim().slice(0, 2000) }) : created;
    });
    await this.record(actor, "team.create", space.id, { name, ownerId: owner.id });
    return toView(space, actor?.userId === owner.id ? "admin" : null, true);
  }

  /** Whether the actor may create teams (the "New team" button). */
  async canCreate(actor: Actor): Promise<boolean> {
    return this.access.requireTeamCreator(actor).then(() => true, () => false);
  }

  /** The teams the actor is a member of (partners: their teams too; they see only their own files inside). */
  async mine(actor: Actor): Promise<TeamView[]> {
    if (actor.link) return [];
    const rows = await this.uow.repos.spaces.teamsOf(actor.userId);
    return rows.map(({ space, role }) => toView(space, role as SpaceRole, !actor.readOnly && (role === "admin" || actor.role === "admin")));
  }

  /** Every team (site admins). */
  async all(actor: Actor): Promise<TeamView[]> {
    this.access.requireSiteAdmin(actor, "list every team");
    const mine = new Map((await this.uow.repos.spaces.teamsOf(actor.userId)).map((r) => [r.space.id, r.role as SpaceRole]));
    return (await this.uow.repos.spaces.teams()).map((s) => toView(s, mine.get(s.id) ?? null, true));
  }

  async get(actor: Actor, teamId: number): Promise<TeamView> {
    const { space, role, manage } = await this.access.teamAccess(actor, teamId);
    return toView(space, role, manage);
  }

  /** A live team by its exact name, as the actor may see it (WebDAV paths, the CLI). */
  async byName(actor: Actor | null, name: string): Promise<TeamView> {
    const space = await this.uow.repos.spaces.findTeamByName(name);
    if (!space) throw new DomainError("NOT_FOUND", "No such team.");
    if (!actor) return toView(space, null, true);
    return this.get(actor, space.id);
  }

  async updateSettings(actor: Actor, teamId: number, input: TeamSettingsInput): Promise<TeamView> {
    await this.access.requireTeamManager(actor, teamId);
    if (input.quota !== undefined) this.access.requireSiteAdmin(actor, "set a team's quota");
    if (input.policyId !== undefined) {
      this.access.requireSiteAdmin(actor, "choose a team's storage policy");
      if (!(await this.uow.repos.spaces.policyById(input.policyId))) throw new DomainError("NOT_FOUND", "No such storage policy.");
    }
    const data: TeamSettingsInput = {};
    if (input.name !== undefined) data.name = teamName(input.name);
    if (input.description !== undefined) data.description = input.description.trim().slice(0, 2000);
    if (input.quota !== undefined) data.quota = assertQuota(input.quota);
    if (input.policyId !== undefined) data.policyId = input.policyId;
    await this.uow.transaction(async (repos) => {
      const other = data.name ? await repos.spaces.findTeamByName(data.name) : null;
      if (other && other.id !== teamId) throw new DomainError("CONFLICT", `A team named "${data.name}" exists already.`);
      await repos.spaces.updateTeam(teamId, data);
    });
    await this.record(actor, "team.update", teamId, { ...data });
    return this.get(actor, teamId);
  }

  async members(actor: Actor, teamId: number): Promise<SpaceMemberRecord[]> {
    const { role } = await this.access.teamAccess(actor, teamId);
    // A partner sees nobody (no address book of the team).
    if (role === "partner") return [];
    return this.uow.repos.spaces.members(teamId);
  }

  /** Adds a member, or changes the role of one. Takes effect on the member's next request. */
  async addMember(actor: Actor | null, teamId: number, userId: number, role: TeamRole): Promise<void> {
    if (actor) await this.access.requireTeamManager(actor, teamId);
    else await this.liveTeam(teamId);
    assertRole(role);
    const user = await this.uow.repos.users.findById(userId);
    if (!user || user.disabled) throw new DomainError("NOT_FOUND", "No such user.");
    if (user.role === "partner") throw new DomainError("INVALID_INPUT", "Partner accounts join teams through a partner request.");
    await this.uow.transaction(async (repos) => {
      const current = await repos.spaces.memberRole(teamId, userId);
      if (current === null) await repos.spaces.addMember(teamId, userId, role);
      else await this.changeRoleIn(repos, teamId, userId, current, role);
    });
    await this.record(actor, "team.member.set", teamId, { userId, role });
  }

  async changeRole(actor: Actor | null, teamId: number, userId: number, role: TeamRole): Promise<void> {
    if (actor) await this.access.requireTeamManager(actor, teamId);
    else await this.liveTeam(teamId);
    assertRole(role);
    await this.uow.transaction(async (repos) => {
      const current = await repos.spaces.memberRole(teamId, userId);
      if (current === null) throw new DomainError("NOT_FOUND", "That user is not a member of this team.");
      if (current === "partner") throw new DomainError("INVALID_INPUT", "A partner stays a partner.");
      await this.changeRoleIn(repos, teamId, userId, current, role);
    });
    await this.cacheBus.publish(CACHE_TOPICS.access, userId);
    await this.record(actor, "team.member.set", teamId, { userId, role });
  }

  /** Removes a member: its next request (browser, WebDAV, tus) no longer reaches the team. The last admin stays. */
  async removeMember(actor: Actor | null, teamId: number, userId: number): Promise<void> {
    if (actor) await this.access.requireTeamManager(actor, teamId);
    else await this.liveTeam(teamId);
    await this.uow.transaction(async (repos) => {
      const current = await repos.spaces.memberRole(teamId, userId);
      if (current === null) throw new DomainError("NOT_FOUND", "That user is not a member of this team.");
      if (current === "admin" && (await repos.spaces.countMembers(teamId, "admin")) <= 1) {
        throw new DomainError("CONFLICT", "A team keeps at least one admin: make someone else admin first.");
      }
      await repos.spaces.removeMember(teamId, userId);
    });
    await this.cacheBus.publish(CACHE_TOPICS.access, userId);
    await this.record(actor, "team.member.remove", teamId, { userId });
  }

  /**
   * Deletes a team: members lose it at once. "purge" leaves its files to the purge job; "transfer" first moves them
   * (live and trashed) into a folder "From team <name>" of a user's personal space or of another team, charged to
   * that space's quota (QUOTA_EXCEEDED, and nothing happens, when they do not fit), with the team's links and grants
   * on them removed. A team manager may transfer into its own space or a team it manages; a site admin (and the CLI,
   * `actor` null) anywhere.
   */
  async delete(actor: Actor | null, teamId: number, how: TeamRemoval = { mode: "purge" }): Promise<void> {
    const team = actor ? await this.access.requireTeamManager(actor, teamId) : await this.liveTeam(teamId);
    const target = how.mode === "transfer" ? await this.transferTarget(actor, teamId, how) : null;
    await this.uow.transaction(async (repos) => {
      if (target !== null) {
        const folder = await moveSpaceContent(repos, { fromSpaceId: teamId, toSpaceId: target.spaceId, folderName: `From team ${team.name}`, creatorId: target.creatorId, now: this.clock.now() });
        if (folder) await repos.admin.unshareSubtree(folder.path);
      }
      await repos.spaces.markDeleted(teamId, this.clock.now());
    });
    await this.jobs.enqueue("teams.purge", { spaceId: teamId });
    await this.record(actor, "team.delete", teamId, { name: team.name, ...how });
  }

  /** The space a deleted team's files go to, checked for the actor. */
  private async transferTarget(actor: Actor | null, teamId: number, how: Extract<TeamRemoval, { mode: "transfer" }>): Promise<{ spaceId: number; creatorId: number | null }> {
    const anywhere = actor === null || (actor.role === "admin" && !actor.link);
    if ("toUserId" in how) {
      if (!anywhere && how.toUserId !== actor!.userId) throw new DomainError("FORBIDDEN", "Only site administrators may give a team's files to someone else.");
      const user = await this.uow.repos.users.findById(how.toUserId);
      const space = user && !user.disabled && user.role !== "partner" ? await this.uow.repos.spaces.findPersonal(user.id) : null;
      if (!space) throw new DomainError("NOT_FOUND", "The account to receive the files does not exist.");
      return { spaceId: space.id, creatorId: user!.id };
    }
    if (how.toTeamId === teamId) throw new DomainError("INVALID_INPUT", "Choose another team to receive the files.");
    const other = actor && !anywhere ? await this.access.requireTeamManager(actor, how.toTeamId) : await this.liveTeam(how.toTeamId);
    return { spaceId: other.id, creatorId: actor?.userId ?? null };
  }

  /** The purge job: deletes a deleted team's nodes in batches, then the space. */
  async purgeDeleted(spaceId: number): Promise<void> {
    const space = await this.uow.repos.spaces.findById(spaceId);
    if (!space || !space.deletedAt) return;
    const root = space.rootNodeId === null ? null : await this.uow.repos.nodes.findById(space.rootNodeId);
    while (root) {
      await yieldToEventLoop();
      const deleted = await this.uow.transaction(async (repos) => {
        await repos.spaces.lock(spaceId);
        return deleteSubtreeBatch(repos, spaceId, root.path, PURGE_BATCH);
      });
      if (deleted === 0) break;
    }
    await this.uow.transaction((repos) => repos.spaces.deleteSpace(spaceId));
    await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
  }

  private async changeRoleIn(repos: Repositories, teamId: number, userId: number, current: string, role: TeamRole): Promise<void> {
    if (current === role) return;
    if (current === "admin" && (await repos.spaces.countMembers(teamId, "admin")) <= 1) {
      throw new DomainError("CONFLICT", "A team keeps at least one admin: make someone else admin first.");
    }
    await repos.spaces.setMemberRole(teamId, userId, role);
  }

  private async liveTeam(teamId: number): Promise<SpaceRecord> {
    const space = await this.uow.repos.spaces.findById(teamId);
    if (!space || space.kind !== "team" || space.deletedAt) throw new DomainError("NOT_FOUND", "No such team.");
    return space;
  }

  private async record(actor: Actor | null, action: string, teamId: number, details: Record<string, unknown>): Promise<void> {
    await this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? null, action, targetType: "team", targetId: String(teamId), details });
  }
}

function toView(space: SpaceRecord, role: SpaceRole | null, manage: boolean): TeamView {
  return {
    id: space.id,
    name: space.name,
    description: space.description,
    quota: space.quota,
    usedBytes: space.usedBytes,
    policyId: space.policyId,
    rootId: space.rootNodeId!,
    role,
    manage,
  };
}

/** A team's name is a folder name in WebDAV (/dav/teams/<name>/), so the file-name rule applies, at most 100 chars. */
function teamName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > 100) throw new DomainError("INVALID_INPUT", "A team name is 1–100 characters.");
  assertValidName(name);
  return name;
}

function assertQuota(quota: number | null): number | null {
  if (quota !== null && (!Number.isSafeInteger(quota) || quota < 0)) throw new DomainError("INVALID_INPUT", "A quota is a whole number of bytes, or unlimited.");
  return quota;
}

function assertRole(role: string): asserts role is TeamRole {
  if (!(TEAM_ROLES as readonly string[]).includes(role)) throw new DomainError("INVALID_INPUT", "A team role is admin, editor or viewer.");
}
