import "server-only";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { FavoriteService } from "./favorite.service";
import type { TagService, TagView } from "./tag.service";

export interface NodeMarks {
  favorite: boolean;
  /** has an internal share or a live public link */
  shared: boolean;
  tags: TagView[];
}

export const MAX_MARKED = 1000;

export type ShareKind = "user" | "team" | "link";

/**
 * What a listing page shows beside each row (star, tags, "shared"), for a page at once in a fixed number of queries
 * (never one per row). Only nodes the actor can read get marks.
 */
export class NodeMarksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly favorites: FavoriteService,
    private readonly tags: TagService,
    private readonly clock: Clock,
  ) {}

  async marksOf(actor: Actor, nodeIds: number[]): Promise<Map<number, NodeMarks>> {
    const repos = this.uow.repos;
    const nodes = (await repos.nodes.findManyByIds([...new Set(nodeIds)].slice(0, MAX_MARKED))).filter((n) => !n.trashedAt);
    const rights = await this.access.rightsOnMany(actor, nodes, repos);
    const ids = nodes.filter((_, i) => rights[i]!.read).map((n) => n.id);
    const [starred, shared, tags] = await Promise.all([this.favorites.starredAmong(actor, ids), repos.shares.sharedAmong(ids, this.clock.now()), this.tags.tagsOn(actor, ids)]);
    return new Map(ids.map((id) => [id, { favorite: starred.has(id), shared: shared.has(id), tags: tags.get(id) ?? [] }]));
  }

  /** How each node the actor can read is shared (users, teams, a live link); nodes without shares are left out. */
  async shareKindsOf(actor: Actor, nodeIds: number[]): Promise<Map<number, Set<ShareKind>>> {
    const repos = this.uow.repos;
    const nodes = (await repos.nodes.findManyByIds([...new Set(nodeIds)].slice(0, MAX_MARKED))).filter((n) => !n.trashedAt);
    const rights = await this.access.rightsOnMany(actor, nodes, repos);
    return repos.shares.shareKindsAmong(nodes.filter((_, i) => rights[i]!.read).map((n) => n.id), this.clock.now());
  }
}
