import "server-only";
import { idsOfPath, newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import { assertValidName } from "@/lib/domain/names";
import type { Actor, Rights } from "@/lib/domain/permissions";
import type { NodeRecord, SortKey, SortOrder, VersionRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import type { LockService } from "./lock.service";
import type { SpaceService } from "./space.service";
import { conflictOnUnique, freeName, namesFromRoot, propagateChange, propagateChanges, type ConflictPolicy } from "./tree";

export interface NodeEntry {
  node: NodeRecord;
  rights: Rights;
  sha256: string | null;
}

export interface Crumb {
  id: number;
  name: string;
}

export interface ListOptions {
  sort?: SortKey;
  order?: SortOrder;
  cursor?: string | null;
  limit?: number;
  /** false skips looking up each file's SHA-256 (entries then carry sha256 null): big listings that don't show it */
  checksums?: boolean;
}

const MAX_PAGE = 1000;

function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const offset = Number(Buffer.from(cursor, "base64url").toString());
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError("INVALID_INPUT", "Bad cursor.");
  return offset;
}

/** The file tree: browse, create folders, rename, move, copy, trash, restore and purge. */
export class FileService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly spaces: SpaceService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly locks: LockService,
  ) {}

  /** The root folder of the actor's personal space. */
  async personalRoot(actor: Actor): Promise<NodeEntry> {
    const space = await this.spaces.personalSpace(actor.userId);
    return this.get(actor, space.rootNodeId!);
  }

  async get(actor: Actor, nodeId: number): Promise<NodeEntry> {
    const { node, rights } = await this.access.requireNode(actor, nodeId, "read");
    return { node, rights, sha256: await this.shaOf(node) };
  }

  /** The live nodes among `nodeIds` the actor may read, in that order, in a few queries; the others are left out. */
  async getMany(actor: Actor, nodeIds: number[]): Promise<NodeEntry[]> {
    const repos = this.uow.repos;
    const found = new Map((await repos.nodes.findManyByIds(nodeIds)).filter((n) => !n.trashedAt).map((n) => [n.id, n]));
    const nodes = nodeIds.map((id) => found.get(id)).filter((n): n is NodeRecord => n !== undefined);
    const rights = await this.access.rightsOnMany(actor, nodes, repos);
    const readable = nodes.map((node, i) => ({ node, rights: rights[i]! })).filter((e) => e.rights.read);
    const shaOf = await this.shasOf(readable.map((e) => e.node), repos);
    return readable.map((e) => ({ ...e, sha256: shaOf(e.node) }));
  }

  /** Folder chain from the space root (or the actor's scope, or a recipient's shared root) down to the node. */
  async crumbs(actor: Actor, nodeId: number): Promise<Crumb[]> {
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    const ids = idsOfPath(node.path).slice(await this.access.visibleFrom(actor, node));
    const chain = await this.uow.repos.nodes.findManyByIds(ids);
    const byId = new Map(chain.map((n) => [n.id, n]));
    return ids.map((id) => ({ id, name: byId.get(id)?.name ?? "" }));
  }

  /** A page of a folder's live children, folders first, then by the sort key. */
  async list(actor: Actor, folderId: number, opts: ListOptions = {}): Promise<{ items: NodeEntry[]; nextCursor: string | null; total: number }> {
    const { node: folder, rights } = await this.access.requireFolder(actor, folderId, "read");
    const repos = this.uow.repos;
    const offset = decodeCursor(opts.cursor);
    const limit = Math.min(Math.max(opts.limit ?? 200, 1), MAX_PAGE);
    const [children, total] = await Promise.all([
      repos.nodes.listLiveChildren(folder.id, { sort: opts.sort ?? "name", order: opts.order ?? "asc", offset, limit }),
      repos.nodes.countLiveChildren(folder.id),
    ]);
    const items = await this.entries(actor, children, rights, repos, opts.checksums !== false);
    const next = offset + children.length;
    return { items, total, nextCursor: next < total ? Buffer.from(String(next)).toString("base64url") : null };
  }

  /**
   * A fingerprint of a readable folder's live children, for caches of its listing: it changes whenever a child is
   * added, removed or updated (the folder's own ETag changes too, but this does not depend on every writer bumping it).
   */
  async childrenStamp(actor: Actor, folderId: number): Promise<string> {
    await this.access.requireFolder(actor, folderId, "read");
    return this.uow.repos.nodes.liveChildrenStamp(folderId);
  }

  /**
   * Walks `segments` by name down from `rootId` (a folder the actor may read): the node there, or null when only
   * the last segment is missing. `parent` is the folder holding the last segment, or null when an intermediate
   * folder is missing or is a file (WebDAV answers 409 there). Never leaves the root's subtree. `checksum: false`
   * skips looking up the file's SHA-256 (the entry then carries null).
   */
  async resolvePath(actor: Actor, rootId: number, segments: string[], opts: { checksum?: boolean } = {}): Promise<{ node: NodeEntry | null; parent: NodeEntry | null }> {
    segments.forEach(assertValidName);
    const repos = this.uow.repos;
    const root = await this.access.requireFolder(actor, rootId, "read");
    if (segments.length === 0) return { node: { ...root, sha256: null }, parent: null };
    let current: NodeRecord = root.node;
    for (const segment of segments.slice(0, -1)) {
      const next = await repos.nodes.findLiveChild(current.id, segment);
      if (!next || !next.isFolder) return { node: null, parent: null };
      current = next;
    }
    const parentRights = current.id === root.node.id ? root.rights : await this.access.rightsOn(actor, current, repos);
    if (!parentRights.read) return { node: null, parent: null };
    const parent: NodeEntry = { node: current, rights: parentRights, sha256: null };
    const last = await repos.nodes.findLiveChild(current.id, segments.at(-1)!);
    if (!last) return { node: null, parent };
    const rights = actor.role === "partner" ? await this.access.rightsOn(actor, last, repos) : parentRights;
    if (!rights.read) return { node: null, parent };
    return { node: { node: last, rights, sha256: opts.checksum === false ? null : await this.shaOf(last, repos) }, parent };
  }

  /**
   * Moves (and renames) one node to `name` in folder `parentId` of the same space. An existing node there is a
   * PRECONDITION_FAILED unless `overwrite`, in which case it goes to the trash first. `replaced` says whether it did.
   */
  async moveTo(actor: Actor, nodeId: number, parentId: number, name: string, opts: { overwrite: boolean }): Promise<{ entry: NodeEntry; replaced: boolean }> {
    assertValidName(name);
    return this.uow.transaction(async (repos) => {
      const { node: target } = await this.lockedNode(actor, parentId, "write", repos, true);
      const { node, rights } = await this.access.requireNode(actor, nodeId, "delete", repos);
      if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be moved.");
      if (node.spaceId !== target.spaceId) throw new DomainError("CONFLICT", "Moving between spaces is not supported; copy instead.");
      if (idsOfPath(target.path).includes(node.id)) throw new DomainError("CONFLICT", `"${node.name}" cannot be moved into itself or one of its subfolders.`);
      if (node.parentId === target.id && node.name === name) return { entry: { node, rights, sha256: await this.shaOf(node, repos) }, replaced: false };
      await this.locks.assertNodesWritable(actor, [{ node, deep: true, withParent: true }, { node: target, child: name, deep: true, withParent: true }], repos);
      const replaced = await this.clearDestination(actor, repos, target, name, node, opts.overwrite);
      const now = this.clock.now();
      await propagateChange(repos, node.path, -node.size, now);
      await conflictOnUnique(repos.nodes.reparent(node, target.id, target.path, name, newEtag()), name);
      const after = (await repos.nodes.findById(node.id))!;
      await propagateChange(repos, after.path, node.size, now);
      return { entry: { node: after, rights, sha256: await this.shaOf(after, repos) }, replaced };
    });
  }

  /**
   * Copies one node to `name` in folder `parentId` (folders recursively, or only the folder itself when `shallow`).
   * Overwrite rules as in `moveTo`; bytes are shared and quota is charged.
   */
  async copyTo(actor: Actor, nodeId: number, parentId: number, name: string, opts: { overwrite: boolean; shallow?: boolean }): Promise<{ entry: NodeEntry; replaced: boolean }> {
    assertValidName(name);
    return this.uow.transaction(async (repos) => {
      const { node: target, rights } = await this.lockedNode(actor, parentId, "write", repos, true);
      const { node } = await this.access.requireNode(actor, nodeId, "read", repos);
      if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be copied.");
      if (idsOfPath(target.path).includes(node.id) && !opts.shallow) throw new DomainError("CONFLICT", `"${node.name}" cannot be copied into itself.`);
      await this.locks.assertNodesWritable(actor, [{ node: target, child: name, deep: true, withParent: true }], repos);
      const replaced = await this.clearDestination(actor, repos, target, name, node, opts.overwrite);
      const source = opts.shallow ? [node] : await repos.nodes.subtree(node.path, { liveOnly: true });
      const bytes = source.filter((n) => !n.isFolder).reduce((sum, n) => sum + n.size, 0);
      if (!(await repos.spaces.tryAddUsed(target.spaceId, bytes))) {
        throw new DomainError("QUOTA_EXCEEDED", "Not enough space left for this copy.", { needed: bytes });
      }
      const copy = await this.copySubtree(repos, source, target, name, actor.userId);
      await propagateChange(repos, copy.path, bytes, this.clock.now());
      const after = (await repos.nodes.findById(copy.id))!;
      return { entry: { node: after, rights, sha256: await this.shaOf(after, repos) }, replaced };
    });
  }

  /** Which of `names` already exist in the folder (the UI asks before uploading). */
  async existingNames(actor: Actor, folderId: number, names: string[]): Promise<string[]> {
    await this.access.requireFolder(actor, folderId, "read");
    return [...(await this.uow.repos.nodes.takenNames(folderId, names))];
  }

  async createFolder(actor: Actor, parentId: number, name: string, opts: { mtime?: Date } = {}): Promise<NodeEntry> {
    assertValidName(name);
    return this.uow.transaction(async (repos) => {
      const { node: parent, rights } = await this.lockedNode(actor, parentId, "write", repos, true);
      await freeName(repos, parent.id, name, "fail");
      await this.locks.assertNodesWritable(actor, [{ node: parent, child: name, withParent: true }], repos);
      const folder = await this.insertFolder(repos, parent, name, actor.userId, opts.mtime);
      return { node: folder, rights, sha256: null };
    });
  }

  /** mkdir -p below `parentId`; existing folders are reused, a file in the way is a CONFLICT. */
  async ensureFolderPath(actor: Actor, parentId: number, segments: string[]): Promise<NodeRecord> {
    segments.forEach(assertValidName);
    return this.uow.transaction(async (repos) => {
      let { node: current } = await this.lockedNode(actor, parentId, "write", repos, true);
      for (const segment of segments) {
        const existing = await repos.nodes.findLiveChild(current.id, segment);
        if (existing && !existing.isFolder) throw new DomainError("CONFLICT", `"${segment}" exists and is not a folder.`, { name: segment });
        if (!existing) await this.locks.assertNodesWritable(actor, [{ node: current, child: segment, withParent: true }], repos);
        current = existing ?? (await this.insertFolder(repos, current, segment, actor.userId));
      }
      return current;
    });
  }

  async rename(actor: Actor, nodeId: number, name: string): Promise<NodeEntry> {
    assertValidName(name);
    return this.uow.transaction(async (repos) => {
      // A rename takes the old name away, like a move: the delete right (which a shared root lacks for its recipient).
      const { node, rights } = await this.lockedNode(actor, nodeId, "delete", repos);
      if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be renamed.");
      if (name === node.name) return { node, rights, sha256: await this.shaOf(node, repos) };
      await this.locks.assertNodesWritable(actor, [{ node, deep: true, withParent: true }], repos);
      await freeName(repos, node.parentId, name, "fail");
      const renamed = await conflictOnUnique(repos.nodes.update(node.id, { name, etag: newEtag() }), name);
      await propagateChange(repos, node.path, 0, this.clock.now());
      return { node: renamed, rights, sha256: await this.shaOf(renamed, repos) };
    });
  }

  /** Moves nodes into a folder of the same space. A folder cannot go into itself or below itself. */
  async move(actor: Actor, nodeIds: number[], targetId: number, onConflict: ConflictPolicy = "fail"): Promise<NodeEntry[]> {
    return this.uow.transaction(async (repos) => {
      const { node: target } = await this.lockedNode(actor, targetId, "write", repos, true);
      const moved: NodeEntry[] = [];
      for (const id of unique(nodeIds)) {
        const { node, rights } = await this.access.requireNode(actor, id, "delete", repos);
        if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be moved.");
        if (node.spaceId !== target.spaceId) throw new DomainError("CONFLICT", "Moving between spaces is not supported; copy instead.");
        if (idsOfPath(target.path).includes(node.id)) throw new DomainError("CONFLICT", `"${node.name}" cannot be moved into itself or one of its subfolders.`);
        if (node.parentId === target.id) {
          moved.push({ node, rights, sha256: await this.shaOf(node, repos) });
          continue;
        }
        await this.locks.assertNodesWritable(actor, [{ node, deep: true, withParent: true }, { node: target }], repos);
        const name = await freeName(repos, target.id, node.name, onConflict);
        const now = this.clock.now();
        await propagateChange(repos, node.path, -node.size, now);
        await conflictOnUnique(repos.nodes.reparent(node, target.id, target.path, name, newEtag()), name);
        const after = (await repos.nodes.findById(node.id))!;
        await propagateChange(repos, after.path, node.size, now);
        moved.push({ node: after, rights, sha256: await this.shaOf(after, repos) });
      }
      return moved;
    });
  }

  /** Copies nodes (folders recursively, current versions only) into a folder; bytes are shared, quota is charged. */
  async copy(actor: Actor, nodeIds: number[], targetId: number, onConflict: ConflictPolicy = "rename"): Promise<NodeEntry[]> {
    return this.uow.transaction(async (repos) => {
      const { node: target, rights } = await this.lockedNode(actor, targetId, "write", repos, true);
      const copies: NodeEntry[] = [];
      for (const id of unique(nodeIds)) {
        const { node } = await this.access.requireNode(actor, id, "read", repos);
        if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be copied.");
        if (idsOfPath(target.path).includes(node.id)) throw new DomainError("CONFLICT", `"${node.name}" cannot be copied into itself.`);
        const source = await repos.nodes.subtree(node.path, { liveOnly: true });
        const bytes = source.filter((n) => !n.isFolder).reduce((sum, n) => sum + n.size, 0);
        if (!(await repos.spaces.tryAddUsed(target.spaceId, bytes))) {
          throw new DomainError("QUOTA_EXCEEDED", "Not enough space left for this copy.", { needed: bytes });
        }
        const name = await freeName(repos, target.id, node.name, onConflict);
        await this.locks.assertNodesWritable(actor, [{ node: target, child: name, deep: true, withParent: true }], repos);
        const copy = await this.copySubtree(repos, source, target, name, actor.userId);
        await propagateChange(repos, copy.path, bytes, this.clock.now());
        copies.push({ node: (await repos.nodes.findById(copy.id))!, rights, sha256: await this.shaOf(copy, repos) });
      }
      return copies;
    });
  }

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
      await repos.nodes.markTrashedMany(roots, now, actor.userId);
      await propagateChanges(repos, roots.map((n) => ({ path: n.path, sizeDelta: -n.size })), now);
      return ids.length;
    });
  }

  /** Trash entries of the actor's personal space (or the given space), newest first. */
  async listTrash(actor: Actor, spaceId?: number): Promise<{ node: NodeRecord; originalPath: string }[]> {
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
      return { node, originalPath: `/${segments.join("/")}` };
    });
  }

  /** Restores trash entries to where they were, or to the space root if that folder is gone; clashes get numbered names. */
  async restore(actor: Actor, nodeIds: number[]): Promise<NodeEntry[]> {
    return this.uow.transaction(async (repos) => {
      const restored: NodeEntry[] = [];
      for (const id of unique(nodeIds)) {
        await repos.spaces.lock((await this.access.requireTrashEntry(actor, id, repos)).spaceId);
        const node = await this.access.requireTrashEntry(actor, id, repos);
        const target = await this.restoreTarget(actor, node, repos);
        const name = await freeName(repos, target.id, node.name, "rename");
        const etag = newEtag();
        await repos.nodes.reparent(node, target.id, target.path, name, etag);
        await repos.nodes.markRestored(node, etag);
        const after = (await repos.nodes.findById(node.id))!;
        await propagateChange(repos, after.path, after.size, this.clock.now());
        const { rights } = await this.access.requireNode(actor, after.id, "read", repos);
        restored.push({ node: after, rights, sha256: await this.shaOf(after, repos) });
      }
      return restored;
    });
  }

  /** Deletes trash entries for good: frees their quota and releases their blobs for collection. */
  async purge(actor: Actor, nodeIds: number[]): Promise<number> {
    let purged = 0;
    await this.uow.transaction(async (repos) => {
      for (const id of unique(nodeIds)) {
        const node = await this.access.requireTrashEntry(actor, id, repos);
        await this.purgeSubtree(repos, node);
        purged++;
      }
    });
    if (purged > 0) await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
    return purged;
  }

  async emptyTrash(actor: Actor, spaceId?: number): Promise<number> {
    const entries = await this.listTrash(actor, spaceId);
    return this.purge(actor, entries.map((e) => e.node.id));
  }

  /** Purges trash entries older than `before` in every space (the retention job). */
  async purgeTrashOlderThan(before: Date): Promise<number> {
    const old = await this.uow.repos.nodes.trashRootsBefore(before, 500);
    for (const node of old) await this.uow.transaction((repos) => this.purgeSubtree(repos, node));
    if (old.length > 0) await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
    return old.length;
  }

  /** A file's versions, newest first, with their authors' display names. */
  async versions(actor: Actor, nodeId: number): Promise<{ versions: (VersionRecord & { authorName: string | null })[]; currentId: number | null }> {
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    if (node.isFolder) throw new DomainError("CONFLICT", "Folders have no versions.");
    const versions = await this.uow.repos.blobs.versionsOf(node.id);
    const authorIds = versions.map((v) => v.authorId).filter((a): a is number => a !== null);
    const names = new Map((await this.uow.repos.users.findByIds(authorIds)).map((u) => [u.id, u.displayName]));
    return { versions: versions.map((v) => ({ ...v, authorName: v.authorId !== null ? (names.get(v.authorId) ?? null) : null })), currentId: node.currentVersionId };
  }

  /**
   * Loads a node, takes its space's write lock, then loads it again: every later read in the transaction
   * sees the tree as it is under the lock (a concurrent move may have changed paths meanwhile).
   */
  private async lockedNode(actor: Actor, nodeId: number, action: "read" | "write" | "delete", repos: Repositories, folder = false) {
    const first = await this.access.requireNode(actor, nodeId, action, repos);
    await repos.spaces.lock(first.node.spaceId);
    const again = folder ? await this.access.requireFolder(actor, nodeId, action, repos) : await this.access.requireNode(actor, nodeId, action, repos);
    return again;
  }

  /** Makes an old version current again by adding it as the newest version (history is kept). */
  async restoreVersion(actor: Actor, nodeId: number, versionId: number): Promise<NodeEntry> {
    return this.uow.transaction(async (repos) => {
      const { node, rights } = await this.lockedNode(actor, nodeId, "write", repos);
      await this.locks.assertNodesWritable(actor, [{ node }], repos);
      const old = await repos.blobs.findVersion(versionId);
      if (!old || old.nodeId !== node.id) throw new DomainError("NOT_FOUND", "No such version.");
      if (old.id === node.currentVersionId) return { node, rights, sha256: old.sha256 };
      if (!(await repos.spaces.tryAddUsed(node.spaceId, old.size))) throw new DomainError("QUOTA_EXCEEDED", "Not enough space left to restore this version.");
      const now = this.clock.now();
      const version = await repos.blobs.createVersion({ nodeId: node.id, blobId: old.blobId, size: old.size, sha256: old.sha256, authorId: actor.userId, mtime: now });
      await repos.blobs.addRef(old.blobId, 1);
      const updated = await repos.nodes.update(node.id, { currentVersionId: version.id, size: old.size, etag: newEtag(), mtime: now });
      await propagateChange(repos, updated.path, old.size - node.size, now);
      return { node: updated, rights, sha256: old.sha256 };
    });
  }

  /** Frees `name` in `target` for a move or copy of `incoming`: trashes what is there when allowed. True when it did. */
  private async clearDestination(actor: Actor, repos: Repositories, target: NodeRecord, name: string, incoming: NodeRecord, overwrite: boolean): Promise<boolean> {
    const existing = await repos.nodes.findLiveChild(target.id, name);
    if (!existing) return false;
    if (!overwrite) throw new DomainError("PRECONDITION_FAILED", `"${name}" already exists in this folder.`, { name });
    if (existing.id === incoming.id || idsOfPath(incoming.path).includes(existing.id)) {
      throw new DomainError("FORBIDDEN", "An item cannot replace itself or a folder that holds it.");
    }
    await this.access.requireNode(actor, existing.id, "delete", repos);
    const now = this.clock.now();
    await repos.nodes.markTrashedMany([existing], now, actor.userId);
    await propagateChange(repos, existing.path, -existing.size, now);
    return true;
  }

  private async purgeSubtree(repos: Repositories, node: NodeRecord): Promise<void> {
    await repos.spaces.lock(node.spaceId);
    node = (await repos.nodes.findById(node.id)) ?? node;
    // Items trashed on their own before this folder keep their own trash entry: move them to the space root.
    const space = (await repos.spaces.findById(node.spaceId))!;
    const root = (await repos.nodes.findById(space.rootNodeId!))!;
    for (const other of await repos.nodes.otherTrashRootsUnder(node)) await repos.nodes.detach(other, root);
    const versions = await repos.blobs.versionsUnder(node.path);
    const bytes = versions.reduce((sum, v) => sum + v.size, 0);
    await repos.nodes.deleteSubtree(node.path);
    await repos.blobs.releaseRefs(versions.map((v) => v.blobId));
    await repos.spaces.addUsed(node.spaceId, -bytes);
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

  private async insertFolder(repos: Repositories, parent: NodeRecord, name: string, creatorId: number, mtime?: Date): Promise<NodeRecord> {
    const now = this.clock.now();
    const folder = await conflictOnUnique(
      repos.nodes.create({
        spaceId: parent.spaceId,
        parentId: parent.id,
        parentPath: parent.path,
        name,
        isFolder: true,
        size: 0,
        mimeType: null,
        etag: newEtag(),
        mtime: mtime ?? now,
        creatorId,
      }),
      name,
    );
    await propagateChange(repos, folder.path, 0, now);
    return folder;
  }

  private async copySubtree(repos: Repositories, source: NodeRecord[], target: NodeRecord, rootName: string, creatorId: number): Promise<NodeRecord> {
    const mapped = new Map<number, NodeRecord>();
    const versions = new Map((await repos.blobs.versionsByIds(source.map((n) => n.currentVersionId).filter((v): v is number => v !== null))).map((v) => [v.id, v]));
    for (const n of source) {
      const parent = mapped.get(n.parentId ?? -1) ?? target;
      const created = await repos.nodes.create({
        spaceId: target.spaceId,
        parentId: parent.id,
        parentPath: parent.path,
        name: mapped.size === 0 ? rootName : n.name,
        isFolder: n.isFolder,
        size: n.size,
        mimeType: n.mimeType,
        etag: newEtag(),
        mtime: n.mtime,
        creatorId,
      });
      const version = n.currentVersionId !== null ? versions.get(n.currentVersionId) : undefined;
      if (version) {
        const v = await repos.blobs.createVersion({ nodeId: created.id, blobId: version.blobId, size: version.size, sha256: version.sha256, authorId: creatorId, mtime: version.mtime });
        await repos.blobs.addRef(version.blobId, 1);
        await repos.nodes.update(created.id, { currentVersionId: v.id });
      }
      await repos.deadProperties.copyAll(n.id, created.id);
      mapped.set(n.id, created);
    }
    return mapped.get(source[0]!.id)!;
  }

  private async entries(actor: Actor, nodes: NodeRecord[], folderRights: Rights, repos: Repositories, checksums = true): Promise<NodeEntry[]> {
    const shaOf = await this.shasOf(checksums ? nodes : [], repos);
    // Rights are the folder's for everyone but partners, who hold them only on what they created.
    const rights = actor.role === "partner" ? await this.access.rightsOnMany(actor, nodes, repos) : nodes.map(() => folderRights);
    return nodes.map((node, i) => ({ node, rights: rights[i]!, sha256: shaOf(node) })).filter((e) => e.rights.read);
  }

  /** The current SHA-256 of each of `nodes` in one query, as a lookup (null for folders and unlisted nodes). */
  private async shasOf(nodes: NodeRecord[], repos: Repositories): Promise<(node: NodeRecord) => string | null> {
    const versionIds = nodes.map((n) => n.currentVersionId).filter((v): v is number => v !== null);
    const shas = new Map(versionIds.length ? (await repos.blobs.versionsByIds(versionIds)).map((v) => [v.id, v.sha256]) : []);
    return (node) => (node.currentVersionId !== null ? (shas.get(node.currentVersionId) ?? null) : null);
  }

  private async shaOf(node: NodeRecord, repos: Repositories = this.uow.repos): Promise<string | null> {
    if (node.currentVersionId === null) return null;
    return (await repos.blobs.findVersion(node.currentVersionId))?.sha256 ?? null;
  }
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}
