import "server-only";
import { auditPartnerAction } from "./partner-audit";
import { NODE_ACTIVITY, recordNodeActivity } from "./node-activity";
import { idsOfPath, newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import { assertCopySize, assertFolderDepth, depthOf, MAX_COPY_NODES, TREE_BATCH } from "@/lib/domain/limits";
import { assertValidName } from "@/lib/domain/names";
import { sortKeyOf } from "@/lib/domain/sort-key";
import type { Actor, Rights } from "@/lib/domain/permissions";
import type { NodeRecord, SortKey, SortOrder, SpaceRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { ListCursor } from "@/lib/repositories/node.repository";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { LockService } from "./lock.service";
import type { SpaceService } from "./space.service";
import { reachable, TreeCopier, type PendingCopy } from "./tree-copy";
import { notifyVersionCommitted, type VersionCommittedListener } from "./version-events";
import { conflictOnUnique, freeName, lockedNode, propagateChange, shaOf, unique, type ConflictPolicy, type NodeEntry } from "./tree";

export type { NodeEntry };

/** resolvePath's options: `checksum` (default true) reads the file's SHA-256, `content` its version and blob location. */
export interface ResolveOptions {
  checksum?: boolean;
  content?: boolean;
  /** the folder at rootId as this request already resolved it for this actor */
  root?: NodeEntry;
}

/** Where a path leads: the node (null when missing or unreadable) and the folder holding its last segment. */
export interface ResolvedPath {
  node: NodeEntry | null;
  parent: NodeEntry | null;
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

/**
 * A page cursor: the last child of the page, as [isFolder, sort value, id] (keyset paging, stable under inserts).
 * The sort value is part of the cursor, so a cursor made for one sort is refused under another.
 */
function decodeCursor(cursor: string | null | undefined, sort: SortKey): ListCursor | undefined {
  if (!cursor) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    parsed = null;
  }
  const [isFolder, key, id, field] = Array.isArray(parsed) ? (parsed as unknown[]) : [];
  const valid =
    typeof isFolder === "boolean" &&
    typeof key === "string" &&
    Number.isSafeInteger(id) &&
    (field ?? "name") === sort &&
    (sort !== "size" || /^\d{1,19}$/.test(key)) &&
    (sort !== "mtime" || !Number.isNaN(Date.parse(key)));
  if (!valid) throw new DomainError("INVALID_INPUT", "Bad cursor.");
  return { isFolder: isFolder as boolean, key: key as string, id: id as number };
}

function encodeCursor(last: NodeRecord, sort: SortKey): string {
  const key = sort === "name" ? last.name : sort === "size" ? String(last.size) : last.mtime.toISOString();
  return Buffer.from(JSON.stringify(sort === "name" ? [last.isFolder, key, last.id] : [last.isFolder, key, last.id, sort])).toString("base64url");
}

/** The file tree: browse, create folders, rename, move and copy. Trash: TrashService; versions: VersionService. */
export class FileService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly spaces: SpaceService,
    private readonly clock: Clock,
    private readonly locks: LockService,
    private readonly limits: { maxCopyNodes: number; batch: number } = { maxCopyNodes: MAX_COPY_NODES, batch: TREE_BATCH },
  ) {
    this.copier = new TreeCopier(uow, locks, clock, limits.batch);
  }

  private readonly copier: TreeCopier;
  /**
   * Told about copied files whose search text was not copied with them (the source's index job had not run yet);
   * lib/container.ts subscribes the search index. Copies that did get their source's text are not announced.
   */
  readonly versionCommitted: VersionCommittedListener[] = [];

  /** The root folder of the actor's personal space. */
  async personalRoot(actor: Actor): Promise<NodeEntry> {
    const space = await this.spaces.personalSpace(actor.userId);
    return this.get(actor, space.rootNodeId!);
  }

  async get(actor: Actor, nodeId: number): Promise<NodeEntry> {
    const { node, rights } = await this.access.requireNode(actor, nodeId, "read");
    return { node, rights, sha256: await shaOf(this.uow.repos, node) };
  }

  /** The live nodes among `nodeIds` the actor may read, in that order, in a few queries; the others are left out. */
  async getMany(actor: Actor, nodeIds: number[]): Promise<NodeEntry[]> {
    const repos = this.uow.repos;
    const found = new Map((await repos.nodes.findManyByIds(nodeIds)).filter((n) => !n.trashedAt).map((n) => [n.id, n]));
    const nodes = nodeIds.map((id) => found.get(id)).filter((n): n is NodeRecord => n !== undefined);
    const rights = await this.access.rightsOnMany(actor, nodes, repos);
    const readable = nodes.map((node, i) => ({ node, rights: rights[i]! })).filter((e) => e.rights.read);
    const shaLookup = await this.shasOf(readable.map((e) => e.node), repos);
    return readable.map((e) => ({ ...e, ...shaLookup(e.node) }));
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
    const [page, total] = await Promise.all([this.page(actor, folder, rights, opts), this.uow.repos.nodes.countLiveChildren(folder.id)]);
    return { ...page, total };
  }

  /**
   * list() for a folder this request already resolved for this actor with its rights (resolvePath, as WebDAV's
   * PROPFIND does): the same rule on the entry it was given, without reading the folder again or counting its children.
   */
  async listResolved(actor: Actor, entry: { node: NodeRecord; rights: Rights }, opts: ListOptions = {}): Promise<{ items: NodeEntry[]; nextCursor: string | null }> {
    return this.page(actor, this.access.requireResolvedFolder(entry, "read"), entry.rights, opts);
  }

  private async page(actor: Actor, folder: NodeRecord, rights: Rights, opts: ListOptions): Promise<{ items: NodeEntry[]; nextCursor: string | null }> {
    const repos = this.uow.repos;
    const sort = opts.sort ?? "name";
    const cursor = decodeCursor(opts.cursor, sort);
    const limit = Math.min(Math.max(opts.limit ?? 200, 1), MAX_PAGE);
    const rows = await repos.nodes.listLiveChildren(folder.id, { sort, order: opts.order ?? "asc", after: cursor, limit: limit + 1 });
    const children = rows.slice(0, limit);
    const items = await this.entries(actor, children, rights, repos, opts.checksums !== false);
    const last = children.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last, sort) : null };
  }

  /**
   * The actor's rights on nodes of one folder, given its rights on that folder as this request resolved them (what a
   * writer answers about the files it just stored): the same rule as a listing's (AccessService.rightsOnChildren).
   */
  rightsBelow(actor: Actor, folderRights: Rights, nodes: NodeRecord[]): Promise<Rights[]> {
    return this.access.rightsOnChildren(actor, folderRights, nodes);
  }

  /**
   * A fingerprint of a folder's live children, for caches of its listing: it changes whenever a child is added,
   * removed or updated (the folder's own ETag changes too, but this does not depend on every writer bumping it).
   * `entry`: the folder as this request resolved it for the actor, with its rights.
   */
  async childrenStamp(entry: { node: NodeRecord; rights: Rights }): Promise<string> {
    return this.uow.repos.nodes.liveChildrenStamp(this.access.requireResolvedFolder(entry, "read").id);
  }

  /**
   * Computes the sort key of every node stored before Node.sortKey existed (the migration leaves them ''), in
   * batches of TREE_BATCH rows. Runs at start before serving; a no-op (one query) once done. Returns how many.
   */
  async backfillSortKeys(): Promise<number> {
    let done = 0;
    for (let afterId = 0; ; ) {
      const rows = await this.uow.repos.nodes.withoutSortKey(afterId, TREE_BATCH);
      if (rows.length === 0) return done;
      await this.uow.transaction((repos) => repos.nodes.setSortKeys(rows.map((r) => ({ id: r.id, sortKey: sortKeyOf(r.name) }))));
      done += rows.length;
      afterId = rows.at(-1)!.id;
    }
  }

  /**
   * The actor's personal space and its root folder with the actor's rights there, in one read (space, root and role
   * together): what every WebDAV request in the personal space starts from. Pass `root` on to resolvePath (no SHA-256: null).
   */
  async personalPlace(actor: Actor): Promise<{ space: SpaceRecord; root: NodeEntry }> {
    const now = this.personalPlaceNow(actor);
    if (now) return now;
    // Read with the request's credential check when the adapter handed its memo to it (RequestMemo.personal).
    const memo = actor.requestMemo;
    const found = memo?.personal !== undefined ? memo.personal : await this.uow.repos.spaces.findPersonalWithRoot(actor.userId);
    if (!found) throw new DomainError("NOT_FOUND", "This account has no personal space.");
    this.access.rememberRole(actor, found.space.id, found.role);
    const rights = await this.access.rightsOn(actor, found.root);
    return { space: found.space, root: { node: found.root, rights, sha256: null } };
  }

  /**
   * personalPlace answered at once when the request's credential check read the place into its memo and the rights
   * there need no read (AccessService.rightsOnNow); undefined otherwise.
   */
  personalPlaceNow(actor: Actor): { space: SpaceRecord; root: NodeEntry } | undefined {
    const found = actor.requestMemo?.personal;
    if (found === undefined) return undefined;
    if (!found) throw new DomainError("NOT_FOUND", "This account has no personal space.");
    this.access.rememberRole(actor, found.space.id, found.role);
    const rights = this.access.rightsOnNow(actor, found.root);
    return rights && { space: found.space, root: { node: found.root, rights, sha256: null } };
  }

  /**
   * Walks `segments` by name down from `rootId` (a folder the actor may read): the node there, or null when only
   * the last segment is missing. `parent` is the folder holding the last segment, or null when an intermediate
   * folder is missing or is a file (WebDAV answers 409 there). Never leaves the root's subtree. `checksum: false`
   * skips looking up the file's SHA-256 (the entry then carries null). `content: true` reads the target's current
   * version and blob location with it (the entry's `content`, for DownloadService.openResolved).
   */
  async resolvePath(actor: Actor, rootId: number, segments: string[], opts: ResolveOptions = {}): Promise<ResolvedPath> {
    const now = this.resolvePathNow(actor, rootId, segments, opts);
    if (now) return now;
    segments.forEach(assertValidName);
    const repos = this.uow.repos;
    // `root`: the folder at rootId as this request already resolved it for this actor (personalRoot).
    const root = opts.root?.node.id === rootId ? { node: this.access.requireResolvedFolder(opts.root, "read"), rights: opts.root.rights } : await this.access.requireFolder(actor, rootId, "read");
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
    // `content`: the node's version and blob location come with it, in the same statement (what a GET serves).
    const found = opts.content ? await repos.nodes.findLiveChildWithContent(current.id, segments.at(-1)!) : null;
    const last = found ? found.node : opts.content ? null : await repos.nodes.findLiveChild(current.id, segments.at(-1)!);
    if (!last) return { node: null, parent };
    const rights = (await this.access.rightsOnChildren(actor, parentRights, [last], repos))[0]!;
    if (!rights.read) return { node: null, parent };
    const content = found ? { content: found.content } : {};
    if (opts.checksum === false) return { node: { node: last, rights, sha256: null, ...content }, parent };
    const sums = (await this.shasOf([last], repos))(last);
    return { node: { node: last, rights, ...sums, ...content }, parent };
  }

  /**
   * resolvePath answered at once when nothing needs waiting for: no checksum asked, the root given as this request
   * resolved it, every lookup served by the SQLite reader and every right decided from the request's memo
   * (AccessService.rightsOnNow). Undefined otherwise. The same walk and the same rules as resolvePath.
   */
  resolvePathNow(actor: Actor, rootId: number, segments: string[], opts: ResolveOptions = {}): ResolvedPath | undefined {
    if (opts.checksum !== false || opts.root?.node.id !== rootId) return undefined;
    segments.forEach(assertValidName);
    const nodes = this.uow.repos.nodes;
    const root = { node: this.access.requireResolvedFolder(opts.root, "read"), rights: opts.root.rights };
    if (segments.length === 0) return { node: { ...root, sha256: null }, parent: null };
    let current: NodeRecord = root.node;
    for (const segment of segments.slice(0, -1)) {
      const next = nodes.findLiveChildNow(current.id, segment);
      if (next === undefined) return undefined;
      if (!next || !next.isFolder) return { node: null, parent: null };
      current = next;
    }
    const parentRights = current.id === root.node.id ? root.rights : this.access.rightsOnNow(actor, current);
    if (!parentRights) return undefined;
    if (!parentRights.read) return { node: null, parent: null };
    const parent: NodeEntry = { node: current, rights: parentRights, sha256: null };
    const name = segments.at(-1)!;
    // `content`: the node's version and blob location come with it, in the same statement (what a GET serves).
    const found = opts.content ? nodes.findLiveChildWithContentNow(current.id, name) : undefined;
    const last = opts.content ? (found === undefined ? undefined : (found?.node ?? null)) : nodes.findLiveChildNow(current.id, name);
    if (last === undefined) return undefined;
    if (!last) return { node: null, parent };
    const rights = this.access.rightsOnChildrenNow(actor, parentRights, [last])?.[0];
    if (!rights) return undefined;
    if (!rights.read) return { node: null, parent };
    return { node: { node: last, rights, sha256: null, ...(found ? { content: found.content } : {}) }, parent };
  }

  /**
   * Moves (and renames) one node to `name` in folder `parentId` of the same space. An existing node there is a
   * PRECONDITION_FAILED unless `overwrite`, in which case it goes to the trash first. `replaced` says whether it did.
   */
  async moveTo(actor: Actor, nodeId: number, parentId: number, name: string, opts: { overwrite: boolean }): Promise<{ entry: NodeEntry; replaced: boolean }> {
    assertValidName(name);
    return this.uow.transaction(async (repos) => {
      const { node: target } = await lockedNode(this.access, actor, parentId, "write", repos, true);
      const { node, rights } = await this.access.requireNode(actor, nodeId, "delete", repos);
      if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be moved.");
      if (node.spaceId !== target.spaceId) throw new DomainError("CONFLICT", "Moving between spaces is not supported; copy instead.");
      if (idsOfPath(target.path).includes(node.id)) throw new DomainError("CONFLICT", `"${node.name}" cannot be moved into itself or one of its subfolders.`);
      await this.assertMovedDepth(repos, node, target);
      if (node.parentId === target.id && node.name === name) return { entry: { node, rights, sha256: await shaOf(repos, node) }, replaced: false };
      await this.locks.assertNodesWritable(actor, [{ node, deep: true, withParent: true }, { node: target, child: name, deep: true, withParent: true }], repos);
      const replaced = await this.clearDestination(actor, repos, target, name, node, opts.overwrite);
      const now = this.clock.now();
      const after = await this.reparent(repos, node, target, name, now);
      const how = node.parentId === target.id ? { action: NODE_ACTIVITY.renamed, details: { from: node.name, to: name } } : { action: NODE_ACTIVITY.moved, details: { from: node.parentId, to: target.id, name } };
      await recordNodeActivity(repos, actor, how.action, [after], now, how.details);
      return { entry: { node: after, rights, sha256: await shaOf(repos, after) }, replaced };
    });
  }

  /**
   * Copies one node to `name` in folder `parentId` (folders recursively, or only the folder itself when `shallow`).
   * Overwrite rules as in `moveTo`; bytes are shared and quota is charged. Big trees are built in batches (see
   * TreeCopier); more than MAX_COPY_NODES nodes are refused with TOO_LARGE.
   */
  async copyTo(actor: Actor, nodeId: number, parentId: number, name: string, opts: { overwrite: boolean; shallow?: boolean }): Promise<{ entry: NodeEntry; replaced: boolean }> {
    assertValidName(name);
    const started = await this.uow.transaction(async (repos) => {
      const { node: target, rights } = await lockedNode(this.access, actor, parentId, "write", repos, true);
      const { node } = await this.access.requireNode(actor, nodeId, "read", repos);
      if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be copied.");
      if (idsOfPath(target.path).includes(node.id) && !opts.shallow) throw new DomainError("CONFLICT", `"${node.name}" cannot be copied into itself.`);
      await this.locks.assertNodesWritable(actor, [{ node: target, child: name, deep: true, withParent: true }], repos);
      const source = opts.shallow ? [node] : reachable(await repos.nodes.subtree(node.path, { liveOnly: true }));
      assertCopySize(source.length, this.limits.maxCopyNodes);
      const replaced = await this.clearDestination(actor, repos, target, name, node, opts.overwrite);
      return { ...(await this.copier.begin(repos, source, target, name, "fail", actor.userId)), rights, replaced };
    });
    const copy = "done" in started ? started.done : await this.copier.finish(actor, started.pending);
    await this.copied(started);
    await recordNodeActivity(this.uow.repos, actor, NODE_ACTIVITY.copied, [copy], this.clock.now(), { source: nodeId });
    return { entry: await this.entryOf(copy.id, started.rights), replaced: started.replaced };
  }

  /** Which of `names` already exist in the folder (the UI asks before uploading). */
  async existingNames(actor: Actor, folderId: number, names: string[]): Promise<string[]> {
    await this.access.requireFolder(actor, folderId, "read");
    return [...(await this.uow.repos.nodes.takenNames(folderId, names))];
  }

  async createFolder(actor: Actor, parentId: number, name: string, opts: { mtime?: Date } = {}): Promise<NodeEntry> {
    assertValidName(name);
    return this.uow.transaction(async (repos) => {
      const { node: parent, rights } = await lockedNode(this.access, actor, parentId, "write", repos, true);
      await freeName(repos, parent.id, name, "fail");
      await this.locks.assertNodesWritable(actor, [{ node: parent, child: name, withParent: true }], repos);
      const folder = await this.insertFolder(repos, parent, name, actor.userId, opts.mtime);
      await auditPartnerAction(repos, actor, "folder.create", [folder.id], this.clock.now());
      await recordNodeActivity(repos, actor, NODE_ACTIVITY.created, [folder], this.clock.now());
      return { node: folder, rights, sha256: null };
    });
  }

  /** mkdir -p below `parentId`; existing folders are reused, a file in the way is a CONFLICT. */
  async ensureFolderPath(actor: Actor, parentId: number, segments: string[]): Promise<NodeRecord> {
    segments.forEach(assertValidName);
    return this.uow.transaction(async (repos) => {
      let { node: current } = await lockedNode(this.access, actor, parentId, "write", repos, true);
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
      const { node, rights } = await lockedNode(this.access, actor, nodeId, "delete", repos);
      if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be renamed.");
      if (name === node.name) return { node, rights, sha256: await shaOf(repos, node) };
      await this.locks.assertNodesWritable(actor, [{ node, deep: true, withParent: true }], repos);
      await freeName(repos, node.parentId, name, "fail");
      await this.locks.releaseNodes([node], repos);
      const renamed = await conflictOnUnique(repos.nodes.update(node.id, { name }), name);
      await propagateChange(repos, node.path, 0, this.clock.now());
      await recordNodeActivity(repos, actor, NODE_ACTIVITY.renamed, [node], this.clock.now(), { from: node.name, to: name });
      return { node: renamed, rights, sha256: await shaOf(repos, renamed) };
    });
  }

  /**
   * Sets a file's or folder's modification time (WebDAV PROPPATCH of DAV:lastmodified, what sync clients send after
   * an upload): needs the write right, respects locks; the node and its ancestors get new ETags.
   */
  async setMtime(actor: Actor, nodeId: number, mtime: Date): Promise<NodeEntry> {
    if (Number.isNaN(mtime.getTime())) throw new DomainError("INVALID_INPUT", "The modification time is not a valid date.");
    return this.uow.transaction(async (repos) => {
      const { node, rights } = await lockedNode(this.access, actor, nodeId, "write", repos);
      await this.locks.assertNodesWritable(actor, [{ node }], repos);
      const updated = await repos.nodes.update(node.id, { mtime, etag: newEtag() });
      await propagateChange(repos, node.path, 0, this.clock.now());
      return { node: updated, rights, sha256: await shaOf(repos, updated) };
    });
  }

  /** Moves nodes into a folder of the same space. A folder cannot go into itself or below itself. */
  async move(actor: Actor, nodeIds: number[], targetId: number, onConflict: ConflictPolicy = "fail"): Promise<NodeEntry[]> {
    return this.uow.transaction(async (repos) => {
      const { node: target } = await lockedNode(this.access, actor, targetId, "write", repos, true);
      const moved: NodeEntry[] = [];
      for (const id of unique(nodeIds)) {
        const { node, rights } = await this.access.requireNode(actor, id, "delete", repos);
        if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be moved.");
        if (node.spaceId !== target.spaceId) throw new DomainError("CONFLICT", "Moving between spaces is not supported; copy instead.");
        if (idsOfPath(target.path).includes(node.id)) throw new DomainError("CONFLICT", `"${node.name}" cannot be moved into itself or one of its subfolders.`);
        await this.assertMovedDepth(repos, node, target);
        if (node.parentId === target.id) {
          moved.push({ node, rights, sha256: await shaOf(repos, node) });
          continue;
        }
        await this.locks.assertNodesWritable(actor, [{ node, deep: true, withParent: true }, { node: target }], repos);
        const name = await freeName(repos, target.id, node.name, onConflict);
        const now = this.clock.now();
        const after = await this.reparent(repos, node, target, name, now);
        await recordNodeActivity(repos, actor, NODE_ACTIVITY.moved, [after], now, { from: node.parentId, to: target.id, name });
        moved.push({ node: after, rights, sha256: await shaOf(repos, after) });
      }
      return moved;
    });
  }

  /**
   * Copies nodes (folders recursively, current versions only) into a folder; bytes are shared, quota is charged.
   * Each node is copied whole or not at all (big ones in batches, see TreeCopier); together they may hold at most
   * MAX_COPY_NODES nodes (TOO_LARGE, checked before anything is copied).
   */
  async copy(actor: Actor, nodeIds: number[], targetId: number, onConflict: ConflictPolicy = "rename"): Promise<NodeEntry[]> {
    const ids = unique(nodeIds);
    const sources = await this.access.requireNodes(actor, ids, "read");
    let total = 0;
    for (const { node } of sources) total += await this.uow.repos.nodes.countLiveUnder(node.path);
    assertCopySize(total, this.limits.maxCopyNodes);
    const copies: NodeEntry[] = [];
    for (const id of ids) {
      const started = await this.uow.transaction(async (repos) => {
        const { node: target, rights } = await lockedNode(this.access, actor, targetId, "write", repos, true);
        const { node } = await this.access.requireNode(actor, id, "read", repos);
        if (node.parentId === null) throw new DomainError("FORBIDDEN", "The root folder cannot be copied.");
        if (idsOfPath(target.path).includes(node.id)) throw new DomainError("CONFLICT", `"${node.name}" cannot be copied into itself.`);
        const source = reachable(await repos.nodes.subtree(node.path, { liveOnly: true }));
        const name = await freeName(repos, target.id, node.name, onConflict);
        await this.locks.assertNodesWritable(actor, [{ node: target, child: name, deep: true, withParent: true }], repos);
        return { ...(await this.copier.begin(repos, source, target, name, onConflict, actor.userId)), rights };
      });
      const copy = "done" in started ? started.done : await this.copier.finish(actor, started.pending);
      await this.copied(started);
      await recordNodeActivity(this.uow.repos, actor, NODE_ACTIVITY.copied, [copy], this.clock.now(), { source: id });
      copies.push(await this.entryOf(copy.id, started.rights));
    }
    return copies;
  }

  /** After a copy committed: its files whose search text could not be copied get their index jobs, all at once. */
  private async copied(started: { toIndex: NodeRecord[] } | { pending: PendingCopy }): Promise<void> {
    await notifyVersionCommitted(this.versionCommitted, "pending" in started ? started.pending.toIndex : started.toIndex);
  }

  /** Deletes big copies begun before `before` that never finished (see TreeCopier); the trash retention job calls it. */
  async discardAbandonedCopies(before: Date): Promise<number> {
    return this.copier.discardAbandoned(before);
  }

  private async entryOf(nodeId: number, rights: Rights): Promise<NodeEntry> {
    const node = (await this.uow.repos.nodes.findById(nodeId))!;
    return { node, rights, sha256: await shaOf(this.uow.repos, node) };
  }

  /** Frees `name` in `target` for a move or copy of `incoming`: trashes what is there when allowed. True when it did. */
  /**
   * Moves a node under `target` as `name`, keeping its own ETag (a sync client's rename): its WebDAV locks go, its size
   * leaves the old ancestors and joins the new ones. Returns the node as it is now.
   */
  private async reparent(repos: Repositories, node: NodeRecord, target: NodeRecord, name: string, now: Date): Promise<NodeRecord> {
    await this.locks.releaseNodes([node], repos);
    await propagateChange(repos, node.path, -node.size, now);
    await conflictOnUnique(repos.nodes.reparent(node, target.id, target.path, name, node.etag), name);
    const after = (await repos.nodes.findById(node.id))!;
    await propagateChange(repos, after.path, node.size, now);
    return after;
  }

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

  /** Refuses a move that would nest the node's deepest folder too deep below `target`. */
  private async assertMovedDepth(repos: Repositories, node: NodeRecord, target: NodeRecord): Promise<void> {
    if (!node.isFolder) return;
    const deepest = (await repos.nodes.deepestFolderUnder(node.path)) ?? depthOf(node.path);
    assertFolderDepth(depthOf(target.path) + 1 + deepest - depthOf(node.path));
  }

  private async insertFolder(repos: Repositories, parent: NodeRecord, name: string, creatorId: number, mtime?: Date): Promise<NodeRecord> {
    assertFolderDepth(depthOf(parent.path) + 1);
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

  private async entries(actor: Actor, nodes: NodeRecord[], folderRights: Rights, repos: Repositories, checksums = true): Promise<NodeEntry[]> {
    const shaLookup = await this.shasOf(checksums ? nodes : [], repos);
    const rights = await this.access.rightsOnChildren(actor, folderRights, nodes, repos);
    return nodes.map((node, i) => ({ node, rights: rights[i]!, ...shaLookup(node) })).filter((e) => e.rights.read);
  }

  /** The current SHA-256 and SHA-1 of each of `nodes` in one lookup (null for folders and unlisted nodes). */
  private async shasOf(nodes: NodeRecord[], repos: Repositories): Promise<(node: NodeRecord) => { sha256: string | null; sha1: string | null }> {
    const versionIds = nodes.map((n) => n.currentVersionId).filter((v): v is number => v !== null);
    const sums = new Map(versionIds.length ? (await repos.blobs.checksumsOfVersions(versionIds)).map((v) => [v.id, v]) : []);
    return (node) => {
      const found = node.currentVersionId !== null ? sums.get(node.currentVersionId) : undefined;
      return { sha256: found?.sha256 ?? null, sha1: found?.sha1 ?? null };
    };
  }
}
