import "server-only";
import { idsOfPath } from "@/lib/domain/etag";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import {
  limitPartnerSharing,
  limitRights,
  matrixAllows,
  NO_RIGHTS,
  ROW_OF_SPACE_ROLE,
  rightsForGrant,
  rightsForLinkMode,
  rightsForRole,
  unionRights,
  type Actor,
  type MatrixRole,
  type NodeAction,
  type Rights,
  type SpaceRole,
} from "@/lib/domain/permissions";
import { areasWithin, collapseAreas, type ReadableArea } from "@/lib/domain/readable-areas";
import type { NodeRecord, SpaceRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { SettingsService } from "./settings.service";

const FULL: Rights = { read: true, write: true, delete: true, share: true };

/**
 * The one place that answers "what may this actor do to this node".
 * Facts: the actor's role in the node's space, for partners whether they created the node or an ancestor,
 * share grants on the node or any ancestor (internal shares), a public link's mode (link visitors), and the
 * actor's credential limits (read-only, folder scope). Nothing is cached across requests (only a request's own
 * memo of the actor's role, see Actor.requestMemo): a revoked grant or link stops at once.
 */
export class AccessService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly settings: SettingsService,
  ) {}

  async rightsOn(actor: Actor, node: NodeRecord, repos: Repositories = this.uow.repos): Promise<Rights> {
    const [rights] = this.rightsOnManyNow(actor, [node]) ?? (await this.rightsOnMany(actor, [node], repos));
    return rights;
  }

  /** rightsOn answered at once when the request already holds every fact it needs (see rightsOnManyNow); else undefined. */
  rightsOnNow(actor: Actor, node: NodeRecord): Rights | undefined {
    return this.rightsOnManyNow(actor, [node])?.[0];
  }

  /**
   * Loads a live node the actor may act on. Unknown, trashed or unreadable nodes are NOT_FOUND (no existence leak);
   * readable ones lacking the action are FORBIDDEN. A file-drop visitor may write into a folder it cannot read.
   */
  async requireNode(actor: Actor, nodeId: number, action: NodeAction, repos: Repositories = this.uow.repos): Promise<{ node: NodeRecord; rights: Rights }> {
    const node = await repos.nodes.findById(nodeId);
    if (!node || node.trashedAt) throw new DomainError("NOT_FOUND", "No such file or folder.");
    return { node, rights: checkAction(await this.rightsOn(actor, node, repos), action, node) };
  }

  /**
   * requireNode for many nodes in a few queries (one per space, one for partner chains, one for grants), with the
   * same rule and the same errors; the first node that fails decides the error. Results follow the order of `nodeIds`.
   */
  async requireNodes(actor: Actor, nodeIds: number[], action: NodeAction, repos: Repositories = this.uow.repos): Promise<{ node: NodeRecord; rights: Rights }[]> {
    const found = new Map((await repos.nodes.findManyByIds(nodeIds)).map((n) => [n.id, n]));
    const nodes = nodeIds.map((id) => {
      const node = found.get(id);
      if (!node || node.trashedAt) throw new DomainError("NOT_FOUND", "No such file or folder.");
      return node;
    });
    const rights = await this.rightsOnMany(actor, nodes, repos);
    return nodes.map((node, i) => ({ node, rights: checkAction(rights[i], action, node) }));
  }

  /** The rule itself, for many nodes at once: scope, link mode, space role (partner ownership), grants, credential limits. */
  async rightsOnMany(actor: Actor, nodes: NodeRecord[], repos: Repositories): Promise<Rights[]> {
    const now = this.rightsOnManyNow(actor, nodes);
    if (now) return now;
    const inScope = (n: NodeRecord) => inScopeOf(actor, n);
    const link = actor.link;
    if (link) return nodes.map((n) => (inScope(n) ? rightsForLinkMode(link.mode) : NO_RIGHTS));
    const roles = new Map<number, SpaceRole | null>();
    for (const spaceId of new Set(nodes.map((n) => n.spaceId))) {
      roles.set(spaceId, await this.roleIn(actor, spaceId, repos));
    }
    const partnerChainIds = unique(nodes.filter((n) => roles.get(n.spaceId) === "partner").flatMap((n) => idsOfPath(n.path)));
    const chain = new Map((partnerChainIds.length > 0 ? await repos.nodes.findManyByIds(partnerChainIds) : []).map((n) => [n.id, n]));
    const partnersMayShare = actor.role === "partner" && (await this.settings.sharePolicy()).partnersMayShare;
    const byRole = nodes.map((n) => limitPartnerSharing(roleRights(actor, n, roles.get(n.spaceId) ?? null, chain), actor, partnersMayShare));
    const grantChainIds = unique(nodes.filter((_, i) => !sameRights(byRole[i], FULL)).flatMap((n) => idsOfPath(n.path)));
    const grants = grantChainIds.length > 0 ? await repos.shares.grantsForUserOn(actor.userId, grantChainIds) : [];
    return nodes.map((n, i) => {
      if (!inScope(n)) return NO_RIGHTS;
      let rights = byRole[i];
      const path = grants.length > 0 ? new Set(idsOfPath(n.path)) : null;
      for (const grant of grants) if (path!.has(grant.nodeId)) rights = unionRights(rights, rightsForGrant(grant.permission, { onGrantedNode: grant.nodeId === n.id }));
      return limitRights(rights, actor);
    });
  }

  /**
   * rightsOnMany when nothing needs reading: the actor is no link visitor and no partner (no share policy to read),
   * and this request's memo holds its role in each node's space, a role that is not partner (no creator chain to
   * read) and gives every right there (no grant can add one, so none is read). The same rule's answer, at once;
   * undefined when any of that does not hold.
   */
  rightsOnManyNow(actor: Actor, nodes: NodeRecord[]): Rights[] | undefined {
    const memo = actor.requestMemo?.roles;
    if (!memo || actor.link || actor.role === "partner") return undefined;
    const out: Rights[] = [];
    for (const n of nodes) {
      const role = memo.get(n.spaceId);
      if (role === undefined || role === null || role === "partner") return undefined;
      const byRole = roleRights(actor, n, role as SpaceRole, NO_CHAIN);
      if (!sameRights(byRole, FULL)) return undefined;
      out.push(inScopeOf(actor, n) ? limitRights(byRole, actor) : NO_RIGHTS);
    }
    return out;
  }

  /**
   * rightsOnMany for children of one folder, given the actor's rights on that folder as this request resolved them:
   * the one rule for what a listing (or a path walk) shows on each child. A child's rights are not its folder's: an
   * edit grant on the folder gives delete (rename, move) below it but not on the granted folder itself, and a grant
   * on a child adds to what the folder gives. A non-partner holding every right on the folder holds them on all below
   * it (nothing in the rule takes a right away further down), so then nothing is read.
   */
  async rightsOnChildren(actor: Actor, folderRights: Rights, children: NodeRecord[], repos: Repositories = this.uow.repos): Promise<Rights[]> {
    return this.rightsOnChildrenNow(actor, folderRights, children) ?? (children.length > 0 ? this.rightsOnMany(actor, children, repos) : []);
  }

  /** rightsOnChildren answered at once where it needs no read (every right on the folder, or rightsOnManyNow); else undefined. */
  rightsOnChildrenNow(actor: Actor, folderRights: Rights, children: NodeRecord[]): Rights[] | undefined {
    if (actor.role !== "partner" && sameRights(folderRights, FULL)) return children.map(() => FULL);
    return this.rightsOnManyNow(actor, children);
  }

  /** Like requireNode, for a folder. */
  async requireFolder(actor: Actor, nodeId: number, action: NodeAction, repos: Repositories = this.uow.repos) {
    const found = await this.requireNode(actor, nodeId, action, repos);
    if (!found.node.isFolder) throw new DomainError("CONFLICT", "The target is not a folder.");
    return found;
  }

  /**
   * requireFolder's verdict for a folder the caller already resolved for this actor in this request (with its rights,
   * e.g. by FileService.resolvePath), so a request does not load it twice. Returns the folder.
   */
  requireResolvedFolder(entry: { node: NodeRecord; rights: Rights }, action: NodeAction): NodeRecord {
    if (entry.node.trashedAt) throw new DomainError("NOT_FOUND", "No such file or folder.");
    checkAction(entry.rights, action, entry.node);
    if (!entry.node.isFolder) throw new DomainError("CONFLICT", "The target is not a folder.");
    return entry.node;
  }

  /**
   * May the actor write a file's content under `name` in a folder: with write on the folder, yes. Without it, only a
   * replacement (a new version) of a live file the actor may write itself, which a grant on the file alone gives (its
   * recipient need not see the folder). `resolved`: the folder, with the actor's rights, and its live child under the
   * name, when the caller resolved them in this request. Returns the folder.
   */
  async requireContentTarget(
    actor: Actor,
    input: { parentId: number; name: string; replace: boolean; resolved?: { parent: { node: NodeRecord; rights: Rights }; existing: NodeRecord | null } },
    repos: Repositories = this.uow.repos,
  ): Promise<NodeRecord> {
    try {
      return input.resolved ? this.requireResolvedFolder(input.resolved.parent, "write") : (await this.requireFolder(actor, input.parentId, "write", repos)).node;
    } catch (refusal) {
      const existing = input.replace && isDomainError(refusal) && refusal.code !== "CONFLICT" ? (input.resolved?.existing ?? (await repos.nodes.findLiveChild(input.parentId, input.name))) : null;
      if (!existing || existing.isFolder) throw refusal;
      checkAction(await this.rightsOn(actor, existing, repos), "write", existing);
      const parent = input.resolved?.parent.node ?? (await repos.nodes.findById(input.parentId));
      if (!parent) throw refusal;
      return parent;
    }
  }

  /** requireRawBytes' verdict for a file the caller already resolved for this actor in this request, with its rights. */
  requireResolvedBytes(actor: Actor, entry: { node: NodeRecord; rights: Rights }): NodeRecord {
    if (entry.node.trashedAt) throw new DomainError("NOT_FOUND", "No such file or folder.");
    checkAction(entry.rights, "read", entry.node);
    if (actor.link?.mode === "preview") throw new DomainError("FORBIDDEN", "This link is preview-only: downloads are disabled.");
    return entry.node;
  }

  /** Like requireNode(read) for serving a file's raw bytes: a preview-only link never gets them, by any route. */
  async requireRawBytes(actor: Actor, nodeId: number, repos: Repositories = this.uow.repos): Promise<{ node: NodeRecord; rights: Rights }> {
    const found = await this.requireNode(actor, nodeId, "read", repos);
    if (actor.link?.mode === "preview") throw new DomainError("FORBIDDEN", "This link is preview-only: downloads are disabled.");
    return found;
  }

  /**
   * Where the actor's view of the node's ancestry starts: its scope, the space root for members, or for a share
   * recipient the topmost shared ancestor (nothing above a shared root is revealed). Returns an index into idsOfPath.
   */
  async visibleFrom(actor: Actor, node: NodeRecord, repos: Repositories = this.uow.repos): Promise<number> {
    const ids = idsOfPath(node.path);
    if (actor.scopeNodeId !== undefined) return Math.max(0, ids.indexOf(actor.scopeNodeId));
    if (await this.roleIn(actor, node.spaceId, repos)) return 0;
    const granted = new Set((await repos.shares.grantsForUserOn(actor.userId, ids)).map((g) => g.nodeId));
    const first = ids.findIndex((id) => granted.has(id));
    return first === -1 ? ids.length - 1 : first;
  }

  /**
   * Where the actor reads, as areas for queries that page in the database (search, activity streams): the spaces it
   * is a member of (a partner only the subtrees it created), subtrees shared with it or its teams, all narrowed to a
   * credential's folder scope; nested areas collapse. Live subtrees only, unless `withTrashed` (activity streams show
   * events on trashed items). A superset by the same facts as rightsOnMany, which callers still apply to each result.
   */
  async readableAreas(actor: Actor, opts: { withTrashed?: boolean } = {}, repos: Repositories = this.uow.repos): Promise<ReadableArea[]> {
    if (actor.link) return [];
    const alive = (n: NodeRecord) => opts.withTrashed || !n.trashedAt;
    let areas: ReadableArea[] = [];
    for (const { spaceId, role } of await repos.spaces.membershipsOf(actor.userId)) {
      if (role !== "partner") areas.push({ spaceId, member: true });
      else for (const n of await repos.nodes.createdBy(spaceId, actor.userId, opts)) areas.push({ spaceId, path: n.path, member: true });
    }
    const grants = await repos.shares.grantsTo(actor.userId);
    const granted = grants.length > 0 ? await repos.nodes.findManyByIds(unique(grants.map((g) => g.nodeId))) : [];
    for (const n of granted) if (alive(n)) areas.push({ spaceId: n.spaceId, path: n.path, member: false });
    if (actor.scopeNodeId !== undefined) {
      const scope = await repos.nodes.findById(actor.scopeNodeId);
      areas = scope && alive(scope) ? areasWithin(areas, scope) : [];
    }
    return collapseAreas(areas);
  }

  /** A trash entry the actor may restore or purge (delete right in its space). */
  async requireTrashEntry(actor: Actor, nodeId: number, repos: Repositories = this.uow.repos): Promise<NodeRecord> {
    const node = await repos.nodes.findById(nodeId);
    if (!node || !node.trashedAt || node.trashRootId !== node.id || actor.link) throw new DomainError("NOT_FOUND", "No such item in the trash.");
    const role = await this.roleIn(actor, node.spaceId, repos);
    const rights = role ? limitRights(rightsForRole(role, { partnerOwnsSubtree: node.trashedById === actor.userId }), actor) : NO_RIGHTS;
    if (!rights.delete) throw new DomainError("NOT_FOUND", "No such item in the trash.");
    return node;
  }

  /** The actor may manage the space (trash listing, emptying): delete right at its root. */
  async requireSpaceRole(actor: Actor, spaceId: number, repos: Repositories = this.uow.repos): Promise<SpaceRole> {
    const role = actor.link ? null : await this.roleIn(actor, spaceId, repos);
    if (!role) throw new DomainError("NOT_FOUND", "No such space.");
    return role;
  }

  /**
   * The actor's row of the permission matrix for a team: its member role, else site admin, else another user
   * (link visitors and no account: anonymous).
   */
  async teamRow(actor: Actor | null, spaceId: number, repos: Repositories = this.uow.repos): Promise<MatrixRole> {
    if (!actor || actor.link) return "anonymous";
    const role = await this.roleIn(actor, spaceId, repos);
    if (role) return ROW_OF_SPACE_ROLE[role];
    return actor.role === "admin" ? "siteAdmin" : "otherUser";
  }

  /**
   * A live team the actor may see (as a member, or as a site admin, who manages every team). `manage`: whether it may
   * change members, settings and delete the team (a team admin, or a site admin; never a read-only credential).
   * Teams the actor may not see are NOT_FOUND.
   */
  async teamAccess(actor: Actor, spaceId: number, repos: Repositories = this.uow.repos): Promise<{ space: SpaceRecord; role: SpaceRole | null; manage: boolean }> {
    const space = await repos.spaces.findById(spaceId);
    const row = await this.teamRow(actor, spaceId, repos);
    if (!space || space.kind !== "team" || space.deletedAt || row === "anonymous" || row === "otherUser") throw new DomainError("NOT_FOUND", "No such team.");
    const role = row === "siteAdmin" ? null : await this.roleIn(actor, spaceId, repos);
    const manage = !actor.readOnly && (matrixAllows(row, "manageMembers") || (actor.role === "admin" && matrixAllows("siteAdmin", "manageMembers")));
    return { space, role, manage };
  }

  /** teamAccess that must be allowed to manage the team (members, settings, delete). */
  async requireTeamManager(actor: Actor, spaceId: number, repos: Repositories = this.uow.repos): Promise<SpaceRecord> {
    const { space, manage } = await this.teamAccess(actor, spaceId, repos);
    if (!manage) throw new DomainError("FORBIDDEN", "Only the team's admins may change its members and settings.");
    return space;
  }

  /** A team the actor may share with: one it belongs to (not as a partner), or any team for a site admin. */
  async requireTeamRecipient(actor: Actor, spaceId: number, repos: Repositories = this.uow.repos): Promise<SpaceRecord> {
    const { space, role } = await this.teamAccess(actor, spaceId, repos);
    if (role === "partner") throw new DomainError("NOT_FOUND", "No such team.");
    return space;
  }

  /** Site-wide decisions (team quota and storage policy, every team's list): site administrators only. */
  requireSiteAdmin(actor: Actor, what: string): void {
    if (actor.role !== "admin" || actor.link || actor.readOnly) throw new DomainError("FORBIDDEN", `Only site administrators may ${what}.`);
  }

  /** Whether the actor may create a team: site admins, or users when the site allows it (never partners). */
  async requireTeamCreator(actor: Actor): Promise<void> {
    if (actor.link || actor.readOnly) throw new DomainError("FORBIDDEN", "You may not create teams.");
    if (actor.role === "admin") return;
    if (actor.role === "user" && (await this.settings.usersMayCreateTeams())) return;
    throw new DomainError("FORBIDDEN", "Only site administrators may create teams on this site.");
  }

  /**
   * Records the actor's role in a space that the caller read in this request together with other rows (the personal
   * space with its root), so the request's memo does not ask for it again. Without a memo it changes nothing.
   */
  rememberRole(actor: Actor, spaceId: number, role: string | null): void {
    actor.requestMemo?.roles.set(spaceId, role as SpaceRole | null);
  }

  /** The actor's role in a space, asked once per request when the actor carries a request memo. */
  private async roleIn(actor: Actor, spaceId: number, repos: Repositories): Promise<SpaceRole | null> {
    const memo = actor.requestMemo?.roles;
    if (memo?.has(spaceId)) return memo.get(spaceId) as SpaceRole | null;
    const role = (await repos.spaces.memberRole(spaceId, actor.userId)) as SpaceRole | null;
    memo?.set(spaceId, role);
    return role;
  }
}

const NO_CHAIN = new Map<number, NodeRecord>();

/** Inside the actor's credential scope (an app password limited to a folder), or unlimited. */
function inScopeOf(actor: Actor, n: NodeRecord): boolean {
  return actor.scopeNodeId === undefined || idsOfPath(n.path).includes(actor.scopeNodeId);
}

function sameRights(a: Rights, b: Rights): boolean {
  return a.read === b.read && a.write === b.write && a.delete === b.delete && a.share === b.share;
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}

/** Rights from the actor's role in the node's space; a partner's hold only on what it created (or below). */
function roleRights(actor: Actor, node: NodeRecord, role: SpaceRole | null, chain: Map<number, NodeRecord>): Rights {
  if (!role) return NO_RIGHTS;
  const partnerOwnsSubtree =
    role === "partner" &&
    idsOfPath(node.path).some((id) => {
      const n = chain.get(id);
      return n !== undefined && n.creatorId === actor.userId && n.parentId !== null;
    });
  return rightsForRole(role, { partnerOwnsSubtree });
}

/** Unreadable is NOT_FOUND (no existence leak), except a blind write into a folder (file drop); readable without the action is FORBIDDEN. */
function checkAction(rights: Rights, action: NodeAction, node: NodeRecord): Rights {
  const blindWrite = action === "write" && rights.write && node.isFolder;
  if (!rights.read && !blindWrite) throw new DomainError("NOT_FOUND", "No such file or folder.");
  if (!rights[action]) throw new DomainError("FORBIDDEN", action === "write" ? "You may view this item but not change it." : `You may not ${action === "read" ? "open" : action} this item.`);
  return rights;
}
