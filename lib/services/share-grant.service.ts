import "server-only";
import { idsOfPath } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import type { Actor, GrantPermission } from "@/lib/domain/permissions";
import type { NodeRecord, ShareGrantRecord, UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import { CACHE_TOPICS, WILDCARD, type CacheBus } from "./cache-bus";
import type { FileService, NodeEntry } from "./file.service";
import { requireShareRight, type LinkWithNode, type ShareLinkService } from "./share-link.service";

/** A user as the picker shows it; `email` only for admins. */
export interface UserPick {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  avatarEtag: string | null;
}

/** Who a grant goes to: a user, or a team (then `username` and `displayName` are the team's name). */
export interface GrantRecipient {
  type: "user" | "team";
  id: number;
  username: string;
  displayName: string;
}

export interface GrantWithNode {
  grant: ShareGrantRecord;
  node: NodeRecord;
  recipient: GrantRecipient;
}

/**
 * Internal shares: grants of view or edit on a node to another user (the share right decides who may grant),
 * the recipient picker, and the "Shared with me" and "Shared by me" lists. The rights a grant gives are the
 * AccessService's.
 */
export class ShareGrantService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly files: FileService,
    private readonly links: ShareLinkService,
    private readonly audit: AuditService,
    private readonly cacheBus: CacheBus,
  ) {}

  /**
   * Shares a node with a user or a team (`teamId`: a team the actor may share with, see AccessService); sharing
   * again updates the permission. A team grant reaches the team's members (not its partners) for as long as they are.
   */
  async grant(actor: Actor, nodeId: number, input: { userId?: number; teamId?: number; permission: GrantPermission }): Promise<GrantWithNode> {
    const node = await requireShareRight(this.access, actor, nodeId);
    let recipient: GrantRecipient;
    if (input.teamId !== undefined) {
      const team = await this.access.requireTeamRecipient(actor, input.teamId);
      recipient = { type: "team", id: team.id, username: team.name, displayName: team.name };
    } else {
      const user = input.userId === undefined ? null : await this.uow.repos.users.findById(input.userId);
      if (!user || user.disabled) throw new DomainError("NOT_FOUND", "No such user.");
      if (user.id === actor.userId) throw new DomainError("INVALID_INPUT", "You cannot share with yourself.");
      recipient = userRecipient(user);
    }
    const grant = await this.uow.repos.shares.upsertGrant({ nodeId: node.id, recipientType: recipient.type, recipientId: recipient.id, permission: input.permission, createdById: actor.userId });
    await this.accessChanged(grant);
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "share.grant.created", targetType: "shareGrant", targetId: String(grant.id), details: { nodeId: node.id, recipientType: recipient.type, recipientId: recipient.id, permission: input.permission }, nodeId: node.id, spaceId: node.spaceId });
    return { grant, node, recipient };
  }

  /** Grants on a node, for someone who may share it. */
  async listGrants(actor: Actor, nodeId: number): Promise<GrantWithNode[]> {
    const node = await requireShareRight(this.access, actor, nodeId);
    return this.grantsWithNodes(await this.uow.repos.shares.grantsOnNode(node.id));
  }

  async updateGrant(actor: Actor, grantId: number, permission: GrantPermission): Promise<GrantWithNode> {
    const grant = await this.manageableGrant(actor, grantId);
    const updated = await this.uow.repos.shares.updateGrant(grant.id, permission);
    await this.accessChanged(updated);
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "share.grant.updated", targetType: "shareGrant", targetId: String(grant.id), details: { permission } });
    return (await this.grantsWithNodes([updated]))[0]!;
  }

  async revokeGrant(actor: Actor, grantId: number): Promise<void> {
    const grant = await this.manageableGrant(actor, grantId);
    await this.uow.repos.shares.deleteGrant(grant.id);
    await this.accessChanged(grant);
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "share.grant.revoked", targetType: "shareGrant", targetId: String(grant.id), details: { nodeId: grant.nodeId, recipientId: grant.recipientId } });
  }

  /** What others share with the actor: live nodes it can still read, with their owners. */
  async sharedWithMe(actor: Actor): Promise<Array<{ grant: ShareGrantRecord; entry: NodeEntry; owner: UserRecord }>> {
    if (actor.link) return [];
    // Grants to the actor's teams include the ones it made itself: those are not shared *with* it.
    const grants = (await this.uow.repos.shares.grantsTo(actor.userId)).filter((g) => g.createdById !== actor.userId);
    const owners = new Map((await this.uow.repos.users.findByIds([...new Set(grants.map((g) => g.createdById))])).map((u) => [u.id, u]));
    const entries = new Map((await this.files.getMany(actor, grants.map((g) => g.nodeId))).map((e) => [e.node.id, e]));
    return grants.flatMap((grant) => {
      const entry = entries.get(grant.nodeId);
      const owner = owners.get(grant.createdById);
      return entry && owner ? [{ grant, entry, owner }] : [];
    });
  }

  /**
   * What a partner sees of a team whose root it cannot read (WebDAV's /dav/teams/<team>/): its own folder there and
   * what is shared with it in that space, topmost only (a node inside another listed one is left out), by name.
   * Anyone else gets nothing here: members list the root itself.
   */
  async visibleRootsIn(actor: Actor, spaceId: number): Promise<NodeEntry[]> {
    if (actor.link || actor.role !== "partner") return [];
    const terms = await this.uow.repos.partners.find(actor.userId);
    const own = terms?.teamSpaceId === spaceId && terms.folderId !== null ? [terms.folderId] : [];
    const granted = (await this.uow.repos.shares.grantsTo(actor.userId)).filter((g) => g.createdById !== actor.userId).map((g) => g.nodeId);
    const entries = (await this.files.getMany(actor, [...new Set([...own, ...granted])])).filter((e) => e.node.spaceId === spaceId);
    const listed = new Set(entries.map((e) => e.node.id));
    return entries.filter((e) => !idsOfPath(e.node.path).slice(0, -1).some((id) => listed.has(id))).sort((a, b) => a.node.name.localeCompare(b.node.name) || a.node.id - b.node.id);
  }

  /** Everything the actor shares: its links and its grants. */
  async sharedByMe(actor: Actor): Promise<{ links: LinkWithNode[]; grants: GrantWithNode[] }> {
    if (actor.link) return { links: [], grants: [] };
    const [links, grants] = await Promise.all([this.links.listLinks(actor), this.uow.repos.shares.grantsBy(actor.userId)]);
    return { links, grants: await this.grantsWithNodes(grants) };
  }

  /**
   * The user picker: active users other than the actor matching a name, or an email. Admins see and match emails
   * by part; everyone else finds a user by the exact email only and never sees one (no address book of the site).
   */
  async searchUsers(actor: Actor, q: string): Promise<UserPick[]> {
    if (actor.link) return [];
    // Partners (external accounts) never look people up, not even by exact email.
    if (actor.role === "partner") throw new DomainError("FORBIDDEN", "Partner accounts cannot search users.");
    const needle = q.trim();
    if (needle.length < 1) throw new DomainError("INVALID_INPUT", "Type at least one character.");
    const admin = actor.role === "admin";
    const users = await this.uow.repos.users.search(needle.slice(0, 320), actor.userId, 20, admin ? "contains" : "exact");
    return users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, email: admin ? u.email : null, avatarEtag: u.avatarEtag }));
  }

  /**
   * Tells the caches keyed by what a user may reach (PROPFIND listings: a child's rights depend on grants on it) that
   * the grant's recipient changed; a team grant reaches every member, so all are told.
   */
  private accessChanged(grant: ShareGrantRecord): Promise<void> {
    return this.cacheBus.publish(CACHE_TOPICS.access, grant.recipientType === "user" ? grant.recipientId : WILDCARD);
  }

  private async manageableGrant(actor: Actor, grantId: number): Promise<ShareGrantRecord> {
    const grant = await this.uow.repos.shares.findGrantById(grantId);
    if (!grant || actor.link) throw new DomainError("NOT_FOUND", "No such share.");
    if (grant.createdById === actor.userId) return grant;
    const node = await this.uow.repos.nodes.findById(grant.nodeId);
    if (!node || !(await this.access.rightsOn(actor, node)).share) throw new DomainError("NOT_FOUND", "No such share.");
    return grant;
  }

  private async grantsWithNodes(grants: ShareGrantRecord[]): Promise<GrantWithNode[]> {
    const repos = this.uow.repos;
    const nodes = new Map((await repos.nodes.findManyByIds(grants.map((g) => g.nodeId))).map((n) => [n.id, n]));
    const userIds = grants.filter((g) => g.recipientType === "user").map((g) => g.recipientId);
    const teamIds = grants.filter((g) => g.recipientType === "team").map((g) => g.recipientId);
    const users = new Map((await repos.users.findByIds(userIds)).map((u) => [u.id, u]));
    const teams = new Map((await Promise.all([...new Set(teamIds)].map((id) => repos.spaces.findById(id)))).flatMap((s) => (s && !s.deletedAt ? [[s.id, s] as const] : [])));
    return grants.flatMap((grant) => {
      const node = nodes.get(grant.nodeId);
      const user = grant.recipientType === "user" ? users.get(grant.recipientId) : undefined;
      const team = grant.recipientType === "team" ? teams.get(grant.recipientId) : undefined;
      const recipient: GrantRecipient | null = user ? userRecipient(user) : team ? { type: "team", id: team.id, username: team.name, displayName: team.name } : null;
      return node && !node.trashedAt && recipient ? [{ grant, node, recipient }] : [];
    });
  }
}

function userRecipient(u: UserRecord): GrantRecipient {
  return { type: "user", id: u.id, username: u.username, displayName: u.displayName };
}
