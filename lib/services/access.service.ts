import "server-only";
import { idsOfPath } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import { limitRights, NO_RIGHTS, rightsForRole, type Actor, type NodeAction, type Rights, type SpaceRole } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";

/**
 * The one place that answers "what may this actor do to this node".
 * Facts: the actor's role in the node's space, for partners whether they created the node or an ancestor,
 * and the actor's credential limits (read-only, folder scope). Share grants plug in here later.
 */
export class AccessService {
  constructor(private readonly uow: UnitOfWork) {}

  async rightsOn(actor: Actor, node: NodeRecord, repos: Repositories = this.uow.repos): Promise<Rights> {
    if (actor.scopeNodeId !== undefined && !idsOfPath(node.path).includes(actor.scopeNodeId)) return NO_RIGHTS;
    const role = (await repos.spaces.memberRole(node.spaceId, actor.userId)) as SpaceRole | null;
    const chain = role === "partner" ? await repos.nodes.findManyByIds(idsOfPath(node.path)) : [];
    return rightsWith(actor, node, role, new Map(chain.map((n) => [n.id, n])));
  }

  /**
   * Loads a live node the actor may act on. Unknown, trashed or unreadable nodes are NOT_FOUND (no existence leak);
   * readable ones lacking the action are FORBIDDEN.
   */
  async requireNode(actor: Actor, nodeId: number, action: NodeAction, repos: Repositories = this.uow.repos): Promise<{ node: NodeRecord; rights: Rights }> {
    const node = await repos.nodes.findById(nodeId);
    if (!node || node.trashedAt) throw new DomainError("NOT_FOUND", "No such file or folder.");
    return { node, rights: checkAction(await this.rightsOn(actor, node, repos), action) };
  }

  /**
   * requireNode for many nodes in a few queries (one per space and per 1,000 nodes), with the same rule and
   * the same errors; the first node that fails decides the error. Results follow the order of `nodeIds`.
   */
  async requireNodes(actor: Actor, nodeIds: number[], action: NodeAction, repos: Repositories = this.uow.repos): Promise<{ node: NodeRecord; rights: Rights }[]> {
    const nodes = new Map((await repos.nodes.findManyByIds(nodeIds)).map((n) => [n.id, n]));
    const roles = new Map<number, SpaceRole | null>();
    for (const spaceId of new Set([...nodes.values()].map((n) => n.spaceId))) {
      roles.set(spaceId, (await repos.spaces.memberRole(spaceId, actor.userId)) as SpaceRole | null);
    }
    const partnerNodes = [...nodes.values()].filter((n) => roles.get(n.spaceId) === "partner");
    const chainIds = [...new Set(partnerNodes.flatMap((n) => idsOfPath(n.path)))];
    const chain = new Map((chainIds.length > 0 ? await repos.nodes.findManyByIds(chainIds) : []).map((n) => [n.id, n]));
    return nodeIds.map((id) => {
      const node = nodes.get(id);
      if (!node || node.trashedAt) throw new DomainError("NOT_FOUND", "No such file or folder.");
      return { node, rights: checkAction(rightsWith(actor, node, roles.get(node.spaceId) ?? null, chain), action) };
    });
  }

  /** Like requireNode, for a folder. */
  async requireFolder(actor: Actor, nodeId: number, action: NodeAction, repos: Repositories = this.uow.repos) {
    const found = await this.requireNode(actor, nodeId, action, repos);
    if (!found.node.isFolder) throw new DomainError("CONFLICT", "The target is not a folder.");
    return found;
  }

  /** A trash entry the actor may restore or purge (delete right in its space). */
  async requireTrashEntry(actor: Actor, nodeId: number, repos: Repositories = this.uow.repos): Promise<NodeRecord> {
    const node = await repos.nodes.findById(nodeId);
    if (!node || !node.trashedAt || node.trashRootId !== node.id) throw new DomainError("NOT_FOUND", "No such item in the trash.");
    const role = (await repos.spaces.memberRole(node.spaceId, actor.userId)) as SpaceRole | null;
    const rights = role ? limitRights(rightsForRole(role, { partnerOwnsSubtree: node.trashedById === actor.userId }), actor) : NO_RIGHTS;
    if (!rights.delete) throw new DomainError("NOT_FOUND", "No such item in the trash.");
    return node;
  }

  /** The actor may manage the space (trash listing, emptying): delete right at its root. */
  async requireSpaceRole(actor: Actor, spaceId: number, repos: Repositories = this.uow.repos): Promise<SpaceRole> {
    const role = (await repos.spaces.memberRole(spaceId, actor.userId)) as SpaceRole | null;
    if (!role) throw new DomainError("NOT_FOUND", "No such space.");
    return role;
  }
}

/** The rule itself: the actor's role in the node's space, partner ownership along `chain`, credential limits. */
function rightsWith(actor: Actor, node: NodeRecord, role: SpaceRole | null, chain: Map<number, NodeRecord>): Rights {
  const path = idsOfPath(node.path);
  if (actor.scopeNodeId !== undefined && !path.includes(actor.scopeNodeId)) return NO_RIGHTS;
  if (!role) return NO_RIGHTS;
  let partnerOwnsSubtree = false;
  if (role === "partner") {
    partnerOwnsSubtree = path.some((id) => {
      const n = chain.get(id);
      return n !== undefined && n.creatorId === actor.userId && n.parentId !== null;
    });
  }
  return limitRights(rightsForRole(role, { partnerOwnsSubtree }), actor);
}

/** Unreadable is NOT_FOUND (no existence leak); readable without the action is FORBIDDEN. */
function checkAction(rights: Rights, action: NodeAction): Rights {
  if (!rights.read) throw new DomainError("NOT_FOUND", "No such file or folder.");
  if (!rights[action]) throw new DomainError("FORBIDDEN", `You may not ${action === "read" ? "open" : action} this item.`);
  return rights;
}
