import "server-only";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { FileService, NodeEntry } from "./file.service";
import { requireAccount } from "./quick-access";

const MAX_FAVORITES = 1000;

/** A user's stars on items it can read (personal, team, shared with it): the Favourites page and WebDAV oc:favorite. */
export class FavoriteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly files: FileService,
    private readonly clock: Clock,
  ) {}

  /** Stars or unstars a readable node (NOT_FOUND when the actor cannot read it). */
  async set(actor: Actor, nodeId: number, starred: boolean): Promise<void> {
    requireAccount(actor, { change: true });
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    if (starred) await this.uow.repos.favorites.set(actor.userId, node.id, this.clock.now());
    else await this.uow.repos.favorites.unset(actor.userId, node.id);
  }

  /** The starred items the actor can still read, newest star first (trashed or revoked ones are left out). */
  async list(actor: Actor): Promise<NodeEntry[]> {
    requireAccount(actor, { change: false });
    return this.files.getMany(actor, await this.uow.repos.favorites.nodeIdsOf(actor.userId, MAX_FAVORITES));
  }

  /** Which of the nodes the actor starred (one query; empty for link visitors). */
  async starredAmong(actor: Actor, nodeIds: number[]): Promise<Set<number>> {
    if (actor.link) return new Set();
    return this.uow.repos.favorites.starredAmong(actor.userId, nodeIds);
  }
}
