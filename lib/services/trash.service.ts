import "server-only";
import { auditPartnerAction } from "./partner-audit";
import { NODE_ACTIVITY, recordNodeActivity } from "./node-activity";
import { idsOfPath, newEtag } from "@/lib/domain/etag";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import { assertFolderDepth, depthOf, TREE_BATCH } from "@/lib/domain/limits";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import type { LockService } from "./lock.service";
import type { SpaceService } from "./space.service";
import { deleteSubtreeBatch, freeName, namesFromRoot, propagateChange, propagateChanges, shaOf, unique, yieldToEventLoop, type NodeEntry } from "./tree";

/** The trash: moving nodes to it, listing it, restoring from it and purging it (by hand and by the retention job). */
export class TrashService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly spaces: SpaceService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly locks: LockService,
    /** nodes per purge transaction */
    private readonly batch = TREE_BATCH,
  ) {}

  /**
   * Moves nodes to their space's trash, all or none, in one transaction and a bounded number of statements
   * (not per node). A listed node inside another listed folder goes with that folder's trash entry.
   * Trashed bytes still count toward the quota. Returns how many of the listed nodes are now in the trash.
   */
  async trash(actor: Actor, nodeIds: number[]): Promise<number> {
    const ids = unique(nodeIds);
    if (ids.length === 0) return 0;
    return this.uow.transaction(async (repos) => {
      const first = await this.access.requireNodes(actor, ids, "delete", repos);
      for (const spaceId of [...new Set(first.map((e) => e.node.spaceId))].sort((a, b) => a - b)) await repos.spaces.lock(spaceId);
      // Loaded again under the locks: a concurrent move may have changed paths meanwhile.
      const nodes = (await this.access.requireNodes(actor, ids, "delete", repos)).map((e) => e.node);
      if (nodes.some((n) => n.parentId === null)) throw new DomainError("FORBIDDEN", "The root folder cannot be deleted.");
      await this.locks.assertNodesWritable(actor, nodes.map((node) => ({ node, deep: true, withParent: true })), repos);
      const listed = new Set(ids);
      const roots = nodes.filter((n) => !idsOfPath(n.path).slice(0, -1).some((a) => listed.has(a)));
      const now = this.clock.now();
      await this.locks.releaseNodes(roots, repos);
      await repos.nodes.markTrashedMany(roots, now, actor.userId);
      await propagateChanges(repos, roots.map((n) => ({ path: n.path, sizeDelta: -n.size })), now);
      await auditPartnerAction(repos, actor, "file.delete", roots.map((n) => n.id), now);
      await recordNodeActivity(repos, actor, NODE_ACTIVITY.deleted, roots, now);
      return ids.length;
    });
  }

  /** Trash entries of the actor's personal space (or the given space), newest first. */
  async listTrash(actor: Actor, spaceId?: number): Promise<{ node: NodeRecord; originalPath: string; originalExists: boolean }[]> {
    const space = spaceId ?? (await this.spaces.personalSpace(actor.userId)).id;
    await this.access.requireSpaceRole(actor, space);
    const repos = this.uow.repos;
    const roots = await repos.nodes.listTrashRoots(space);
    const allowed: NodeRecord[] = [];
    for (const n of roots) {
      const ok = await this.access.requireTrashEntry(actor, n.id, repos).then(() => true, () => false);
      if (ok) allowed.push(n);
    }
    const parentIds = allowed.map((n) => n.originalParentId).filter((id): id is number => id !== null);
    const parents = new Map((await repos.nodes.findManyByIds(parentIds)).map((p) => [p.id, p]));
    const namesOf = await namesFromRoot(repos, [...parents.values()]);
    return allowed.map((node) => {
      const parent = node.originalParentId !== null ? parents.get(node.originalParentId) : undefined;
      const segments = parent ? namesOf(parent) : [];
      // Restore puts the entry back only into a live folder; otherwise the user picks one (or it goes to the root).
      return { node, originalPath: `/${segments.join("/")}`, originalExists: !!parent && !parent.trashedAt };
    });
  }

  /**
   * Restores trash entries, all or none, in one transaction: into `targetId` when given (a live folder of the same
   * space the actor may write: where the user chose, e.g. because the original folder is gone), otherwise to where
   * each was, or to the space root if that folder is gone. Clashes get numbered names.
   */
  async restore(actor: Actor, nodeIds: number[], opts: { targetId?: number } = {}): Promise<NodeEntry[]> {
    return this.uow.transaction(async (repos) => {
      const restored: NodeEntry[] = [];
      const chosen = opts.targetId === undefined ? null : (await this.access.requireFolder(actor, opts.targetId, "write", repos)).node;
      if (chosen?.trashedAt) throw new DomainError("NOT_FOUND", "That folder is in the trash.");
      for (const id of unique(nodeIds)) {
        await repos.spaces.lock((await this.access.requireTrashEntry(actor, id, repos)).spaceId);
        const node = await this.access.requireTrashEntry(actor, id, repos);
        if (chosen && chosen.spaceId !== node.spaceId) throw new DomainError("CONFLICT", "Items are restored within their own space; move them afterwards.");
        const target = chosen ?? (await this.restoreTarget(actor, node, repos));
        const deepest = node.isFolder ? await repos.nodes.deepestFolderUnder(node.path) : null;
        if (deepest !== null) assertFolderDepth(depthOf(target.path) + 1 + deepest - depthOf(node.path));
        const name = await freeName(repos, target.id, node.name, "rename");
        const etag = newEtag();
        await repos.nodes.reparent(node, target.id, target.path, name, etag);
        await repos.nodes.markRestored(node, etag);
        const after = (await repos.nodes.findById(node.id))!;
        await propagateChange(repos, after.path, after.size, this.clock.now());
        await recordNodeActivity(repos, actor, NODE_ACTIVITY.restored, [after], this.clock.now());
        const { rights } = await this.access.requireNode(actor, after.id, "read", repos);
        restored.push({ node: after, rights, sha256: await shaOf(repos, after) });
      }
      return restored;
    });
  }

  /**
   * Deletes trash entries for good: frees their quota and releases their blobs for collection. Every entry is
   * checked first (all or none); each is then deleted in batches of TREE_BATCH nodes, deepest first, so a big
   * folder never holds the database in one long transaction.
   */
  async purge(actor: Actor, nodeIds: number[]): Promise<number> {
    const ids = unique(nodeIds);
    for (const id of ids) await this.access.requireTrashEntry(actor, id);
    for (const id of ids) await this.purgeEntry(id, actor);
    if (ids.length > 0) await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
    return ids.length;
  }

  /**
   * Purges those of the trash entries the actor may purge (each checked as purge() checks it, and again as it goes)
   * and leaves the others where they are, for emptying a view of several spaces' trash at once (the Nextcloud
   * trashbin lists the personal trash and each team's). Returns the ids it left.
   */
  async purgeWhereAllowed(actor: Actor, nodeIds: number[]): Promise<number[]> {
    const left: number[] = [];
    let purged = 0;
    for (const id of unique(nodeIds)) {
      try {
        await this.purgeEntry(id, actor);
        purged++;
      } catch (e) {
        if (!isDomainError(e) || e.code !== "NOT_FOUND") throw e;
        left.push(id);
      }
    }
    if (purged > 0) await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
    return left;
  }

  async emptyTrash(actor: Actor, spaceId?: number): Promise<number> {
    const entries = await this.listTrash(actor, spaceId);
    return this.purge(actor, entries.map((e) => e.node.id));
  }

  /** Purges trash entries older than `before` in every space (the retention job). */
  async purgeTrashOlderThan(before: Date): Promise<number> {
    const old = await this.uow.repos.nodes.trashRootsBefore(before, 500);
    for (const node of old) await this.purgeEntry(node.id);
    if (old.length > 0) await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
    return old.length;
  }

  /** Purges one trash entry (checked again for `actor`, if given) batch by batch; stops if it is restored meanwhile. */
  private async purgeEntry(nodeId: number, actor?: Actor): Promise<void> {
    const entry = await this.uow.transaction(async (repos) => {
      const first = actor ? await this.access.requireTrashEntry(actor, nodeId, repos) : await repos.nodes.findById(nodeId);
      if (!first) return null;
      await repos.spaces.lock(first.spaceId);
      const node = await repos.nodes.findById(nodeId);
      if (!node || node.trashRootId !== node.id) return null;
      // Items trashed on their own before this folder keep their own trash entry: move them to the space root.
      const space = (await repos.spaces.findById(node.spaceId))!;
      const root = (await repos.nodes.findById(space.rootNodeId!))!;
      for (const other of await repos.nodes.otherTrashRootsUnder(node)) await repos.nodes.detach(other, root);
      return node;
    });
    while (entry) {
      await yieldToEventLoop();
      const deleted = await this.uow.transaction(async (repos) => {
        await repos.spaces.lock(entry.spaceId);
        const node = await repos.nodes.findById(entry.id);
        if (!node || node.trashRootId !== node.id) return 0;
        return deleteSubtreeBatch(repos, node.spaceId, node.path, this.batch);
      });
      if (deleted === 0) return;
    }
  }

  private async restoreTarget(actor: Actor, node: NodeRecord, repos: Repositories): Promise<NodeRecord> {
    if (node.originalParentId !== null) {
      const parent = await repos.nodes.findById(node.originalParentId);
      if (parent && !parent.trashedAt && parent.isFolder) {
        const ok = await this.access.requireFolder(actor, parent.id, "write", repos).then(() => true, () => false);
        if (ok) return parent;
      }
    }
    const space = await repos.spaces.findById(node.spaceId);
    return (await this.access.requireFolder(actor, space!.rootNodeId!, "write", repos)).node;
  }
}
