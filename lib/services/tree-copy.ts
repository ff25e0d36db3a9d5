import "server-only";
import { newEtag } from "@/lib/domain/etag";
import { textFormatOf } from "@/lib/domain/search";
import { DomainError } from "@/lib/domain/errors";
import { assertFolderDepth, depthOf, TREE_BATCH } from "@/lib/domain/limits";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { TextCopy } from "@/lib/repositories/search.repository";
import type { Clock } from "./clock";
import type { LockService } from "./lock.service";
import { deleteSubtreeBatch, freeName, propagateChange, yieldToEventLoop, type ConflictPolicy } from "./tree";
import { chargeQuota } from "./quota";

/** A big copy under way: its root exists hidden, the rest is built below it batch by batch. */
export interface PendingCopy {
  rootId: number;
  spaceId: number;
  /** the source nodes still to copy, shallowest first */
  rest: NodeRecord[];
  /** source id → its copy, with paths as of `rootPath` */
  placed: Map<number, NodeRecord>;
  rootPath: string;
  sizes: Map<number, number>;
  bytes: number;
  name: string;
  policy: ConflictPolicy;
  creatorId: number;
  /** copies whose source had no search text of the copied version yet (see TreeCopier.insert) */
  toIndex: NodeRecord[];
}

/** The nodes of a subtree listing (shallowest first) that hang from its first node through nodes in the listing. */
export function reachable(tree: NodeRecord[]): NodeRecord[] {
  const kept = new Set<number>();
  const out: NodeRecord[] = [];
  for (const n of tree) {
    if (out.length > 0 && !kept.has(n.parentId ?? -1)) continue;
    kept.add(n.id);
    out.push(n);
  }
  return out;
}

/**
 * Copies a subtree (bytes shared, quota charged, dead properties kept). A small one (at most `batch` nodes) is
 * copied in the caller's transaction. A big one is built in transactions of at most `batch` nodes with other
 * requests served in between: its root is created hidden (out of the name index, marked like a trashed node but
 * no trash entry), so listings, zips and copies of the folders above never show a half-built tree; the last
 * transaction names it and adds its bytes to the folders above. Quota is charged per batch for what exists; a
 * failure deletes what was built (in batches too) and refunds it, so sizes and quota stay right at every commit.
 */
export class TreeCopier {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly locks: LockService,
    private readonly clock: Clock,
    private readonly batch = TREE_BATCH,
  ) {}

  /** In the caller's transaction (the space locked, rights and locks checked): the copy, or the start of a big one. */
  async begin(repos: Repositories, source: NodeRecord[], target: NodeRecord, name: string, policy: ConflictPolicy, creatorId: number): Promise<{ done: NodeRecord; toIndex: NodeRecord[] } | { pending: PendingCopy }> {
    const root = source[0]!;
    const deepest = source.reduce((d, n) => (n.isFolder ? Math.max(d, depthOf(n.path) - depthOf(root.path)) : d), -1);
    if (deepest >= 0) assertFolderDepth(depthOf(target.path) + 1 + deepest);
    const sizes = subtreeSizes(source);
    const bytes = sizes.get(root.id)!;
    const placed = new Map<number, NodeRecord>();
    if (source.length <= this.batch) {
      await charge(repos, target.spaceId, bytes);
      const toIndex = await this.insert(repos, source, placed, target, name, sizes, creatorId);
      const copy = placed.get(root.id)!;
      await propagateChange(repos, copy.path, bytes, this.clock.now());
      return { done: copy, toIndex };
    }
    // Fail fast when it cannot fit; the bytes are charged batch by batch.
    await charge(repos, target.spaceId, bytes);
    await repos.spaces.addUsed(target.spaceId, -bytes);
    const toIndex = await this.insert(repos, [root], placed, target, name, sizes, creatorId, this.clock.now());
    await charge(repos, target.spaceId, fileBytes([root], sizes));
    const copy = placed.get(root.id)!;
    return { pending: { rootId: copy.id, spaceId: target.spaceId, rest: source.slice(1), placed, rootPath: copy.path, sizes, bytes, name, policy, creatorId, toIndex } };
  }

  /** Builds the rest of a big copy batch by batch and reveals it; on any failure removes what was built, then throws. */
  async finish(actor: Actor, p: PendingCopy): Promise<NodeRecord> {
    try {
      for (let i = 0; i < p.rest.length; i += this.batch) {
        const part = p.rest.slice(i, i + this.batch);
        await yieldToEventLoop();
        await this.uow.transaction(async (repos) => {
          await repos.spaces.lock(p.spaceId);
          const { root } = await pendingRoot(repos, p);
          rebase(p, root.path);
          await charge(repos, p.spaceId, fileBytes(part, p.sizes));
          p.toIndex.push(...(await this.insert(repos, part, p.placed, null, p.name, p.sizes, p.creatorId)));
        });
      }
      await yieldToEventLoop();
      return await this.uow.transaction(async (repos) => {
        await repos.spaces.lock(p.spaceId);
        const { root, parent } = await pendingRoot(repos, p);
        const name = await freeName(repos, parent.id, p.name, p.policy);
        await this.locks.assertNodesWritable(actor, [{ node: parent, child: name, deep: true, withParent: true }], repos);
        const shown = await repos.nodes.reveal(root.id, name, newEtag());
        await propagateChange(repos, shown.path, p.bytes, this.clock.now());
        return shown;
      });
    } catch (e) {
      await this.discard(p);
      throw e;
    }
  }

  /**
   * Deletes the hidden copies begun before `before` and never finished (the process stopped during the copy),
   * refunding their bytes; the trash retention job calls it. Returns how many copies went.
   */
  async discardAbandoned(before: Date): Promise<number> {
    const roots = await this.uow.repos.nodes.hiddenRootsBefore(before, 100);
    for (const root of roots) await this.discard({ rootId: root.id, spaceId: root.spaceId });
    return roots.length;
  }

  /** Deletes a hidden copy's nodes, deepest first in batches, refunding their bytes. */
  private async discard(p: Pick<PendingCopy, "rootId" | "spaceId">): Promise<void> {
    for (;;) {
      await yieldToEventLoop();
      const left = await this.uow.transaction(async (repos) => {
        await repos.spaces.lock(p.spaceId);
        const root = await repos.nodes.findById(p.rootId);
        if (!root || !isHidden(root)) return 0;
        return deleteSubtreeBatch(repos, p.spaceId, root.path, this.batch);
      });
      if (left === 0) return;
    }
  }

  /**
   * Creates copies of `nodes` (each after its parent) below their parents' copies, or `target` for the root, with
   * their sources' search text (same blob: never extracted again). A level at a time, in a fixed number of statements
   * per level whatever its size: the nodes, their paths, the versions, the blobs' references, the nodes' current
   * versions and the dead properties. Returns the copied files of an indexed format whose source had no text of that
   * version yet (its index job still queued): the caller queues them after commit.
   */
  private async insert(repos: Repositories, nodes: NodeRecord[], placed: Map<number, NodeRecord>, target: NodeRecord | null, rootName: string, sizes: Map<number, number>, creatorId: number, hiddenSince?: Date): Promise<NodeRecord[]> {
    const versionIds = nodes.map((n) => n.currentVersionId).filter((v): v is number => v !== null);
    const versions = new Map((versionIds.length > 0 ? await repos.blobs.versionsByIds(versionIds) : []).map((v) => [v.id, v]));
    const texts: TextCopy[] = [];
    const files: NodeRecord[] = [];
    for (const level of levels(nodes, placed)) {
      const isRoot = placed.size === 0;
      const copies = await repos.nodes.createMany(
        level.map((n) => {
          const parent = isRoot ? target! : placed.get(n.parentId!)!;
          const name = isRoot ? rootName : n.name;
          return { spaceId: parent.spaceId, parentId: parent.id, parentPath: parent.path, name, isFolder: n.isFolder, size: sizes.get(n.id)!, mimeType: n.mimeType, etag: newEtag(), mtime: n.mtime, creatorId, hiddenSince };
        }),
      );
      const sourced = level.map((n, i) => ({ source: n, copy: copies[i]!, version: n.currentVersionId !== null ? versions.get(n.currentVersionId) : undefined }));
      const made = await repos.blobs.createVersions(
        sourced.flatMap(({ copy, version }) => (version ? [{ nodeId: copy.id, blobId: version.blobId, size: version.size, sha256: version.sha256, authorId: creatorId, mtime: version.mtime }] : [])),
      );
      await repos.blobs.addRefs(made.map((v) => v.blobId));
      const versionOf = new Map(made.map((v) => [v.nodeId, v.id]));
      await repos.nodes.setCurrentVersions(versionOf);
      await repos.deadProperties.copyMany(new Map(level.map((n, i) => [n.id, copies[i]!.id])));
      for (const { source, copy, version } of sourced) {
        const currentVersionId = versionOf.get(copy.id) ?? null;
        placed.set(source.id, { ...copy, currentVersionId });
        if (!version || currentVersionId === null) continue;
        texts.push({ fromNodeId: source.id, fromVersionId: version.id, toNodeId: copy.id, toVersionId: currentVersionId });
        files.push({ ...copy, currentVersionId });
      }
    }
    const copied = await repos.search.copyText(texts);
    return files.filter((f) => !copied.has(f.id) && textFormatOf(f) !== null);
  }
}

/** `nodes` (each after its parent) in levels: each level's parents are placed before it (the first: the copy's root). */
function levels(nodes: NodeRecord[], placed: Map<number, NodeRecord>): NodeRecord[][] {
  const out: NodeRecord[][] = [];
  const done = new Set(placed.keys());
  let rest = nodes;
  while (rest.length > 0) {
    const level = done.size === 0 ? [rest[0]!] : rest.filter((n) => done.has(n.parentId!));
    if (level.length === 0) throw new Error("A copied node's folder is not part of the copy.");
    for (const n of level) done.add(n.id);
    rest = rest.filter((n) => !level.includes(n));
    out.push(level);
  }
  return out;
}

/** Hidden: created by a big copy and not yet revealed (trashed nodes carry a trash entry, hidden ones none). */
function isHidden(n: NodeRecord): boolean {
  return n.trashedAt !== null && n.trashRootId === null;
}

/** The hidden root and the folder it goes into, or CONFLICT when either went away meanwhile. */
async function pendingRoot(repos: Repositories, p: PendingCopy): Promise<{ root: NodeRecord; parent: NodeRecord }> {
  const root = await repos.nodes.findById(p.rootId);
  const parent = root?.parentId != null ? await repos.nodes.findById(root.parentId) : null;
  if (!root || !isHidden(root) || !parent || parent.trashedAt) throw new DomainError("CONFLICT", "The destination folder was moved to the trash or deleted during the copy.");
  return { root, parent };
}

/** Another request may have moved a folder above the copy: rewrite the copies' remembered paths. */
function rebase(p: PendingCopy, rootPath: string): void {
  if (rootPath === p.rootPath) return;
  for (const [id, n] of p.placed) p.placed.set(id, { ...n, path: rootPath + n.path.slice(p.rootPath.length) });
  p.rootPath = rootPath;
}

async function charge(repos: Repositories, spaceId: number, bytes: number): Promise<void> {
  if (bytes > 0) await chargeQuota(repos, spaceId, bytes);
}

function fileBytes(nodes: NodeRecord[], sizes: Map<number, number>): number {
  return nodes.reduce((sum, n) => (n.isFolder ? sum : sum + sizes.get(n.id)!), 0);
}

/** Each node's size in the copy: a file's own, a folder's the sum of the files below it in `source`. */
function subtreeSizes(source: NodeRecord[]): Map<number, number> {
  const sizes = new Map(source.map((n) => [n.id, n.isFolder ? 0 : n.size]));
  for (let i = source.length - 1; i > 0; i--) {
    const n = source[i]!;
    sizes.set(n.parentId!, sizes.get(n.parentId!)! + sizes.get(n.id)!);
  }
  return sizes;
}
