import "server-only";
import { idsOfPath, newEtag } from "@/lib/domain/etag";
import { DomainError } from "@/lib/domain/errors";
import { numberedName } from "@/lib/domain/names";
import type { Actor, Rights } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { Repositories } from "@/lib/repositories";
import type { VersionLocation } from "@/lib/repositories/blob.repository";
import type { AccessService } from "./access.service";

export type ConflictPolicy = "rename" | "fail";

/**
 * For each of `nodes`, its names from below the space root down to itself ([] for a root), with one query for all:
 * a node's path by name, as locks, trash entries and app-password scopes show it.
 */
export async function namesFromRoot(repos: Repositories, nodes: NodeRecord[]): Promise<(node: NodeRecord) => string[]> {
  const ids = [...new Set(nodes.flatMap((n) => idsOfPath(n.path).slice(1)))];
  const names = new Map((ids.length > 0 ? await repos.nodes.findManyByIds(ids) : []).map((n) => [n.id, n.name]));
  return (node) => idsOfPath(node.path).slice(1).map((id) => (id === node.id ? node.name : (names.get(id) ?? "")));
}

/**
 * After a change at `path` (the changed node's own path), gives every ancestor a new ETag, adds
 * `sizeDelta` to their subtree sizes and touches the parent's mtime: all in the caller's transaction.
 */
export async function propagateChange(repos: Repositories, path: string, sizeDelta: number, now: Date): Promise<void> {
  const ancestors = idsOfPath(path).slice(0, -1);
  const parentId = ancestors.at(-1);
  await repos.nodes.bumpAncestors(ancestors, newEtag(), sizeDelta, parentId !== undefined ? { id: parentId, mtime: now } : undefined);
}

/**
 * propagateChange for many changed nodes (none inside another) at once: every distinct ancestor gets a new
 * ETag and the sum of the size deltas below it, every distinct parent's mtime is touched; one statement per
 * distinct delta (siblings share one), not per node.
 */
export async function propagateChanges(repos: Repositories, changes: { path: string; sizeDelta: number }[], now: Date): Promise<void> {
  const deltas = new Map<number, number>();
  const parents = new Set<number>();
  for (const change of changes) {
    const ancestors = idsOfPath(change.path).slice(0, -1);
    for (const id of ancestors) deltas.set(id, (deltas.get(id) ?? 0) + change.sizeDelta);
    const parentId = ancestors.at(-1);
    if (parentId !== undefined) parents.add(parentId);
  }
  const byDelta = new Map<number, number[]>();
  for (const [id, delta] of deltas) byDelta.set(delta, [...(byDelta.get(delta) ?? []), id]);
  const etag = newEtag();
  for (const [delta, ids] of byDelta) await repos.nodes.bumpAncestors(ids, etag, delta);
  await repos.nodes.touchMtimes([...parents], now);
}

/** The name to use in `parentId`: `desired` if free, else numbered ("keep both") or a CONFLICT. */
export async function freeName(repos: Repositories, parentId: number, desired: string, policy: ConflictPolicy): Promise<string> {
  const existing = await repos.nodes.findLiveChild(parentId, desired);
  if (!existing) return desired;
  if (policy === "fail") throw new DomainError("CONFLICT", `"${desired}" already exists in this folder.`, { name: desired });
  const dot = desired.lastIndexOf(".");
  const base = dot > 0 ? desired.slice(0, dot) : desired;
  const taken = await repos.nodes.namesStartingWith(parentId, `${base} (`);
  return numberedName(desired, (candidate) => taken.has(candidate));
}

/** Translates a unique-index race (two writers picking the same name) into a CONFLICT. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "P2002" || /Unique constraint|UNIQUE constraint|duplicate key/i.test(err?.message ?? "");
}

export function conflictOnUnique<T>(promise: Promise<T>, name: string): Promise<T> {
  return promise.catch((e: unknown) => {
    if (isUniqueViolation(e)) throw new DomainError("CONFLICT", `"${name}" already exists in this folder.`, { name });
    throw e;
  });
}

/** A node as the tree services hand it out: with the actor's rights and its current SHA-256 (null for folders). */
export interface NodeEntry {
  node: NodeRecord;
  rights: Rights;
  sha256: string | null;
  /** the content's SHA-1, where a listing or a path lookup asked for checksums and it was kept */
  sha1?: string | null;
  /** the file's current version and where its bytes are, where a path lookup asked for them (GET): null when gone */
  content?: VersionLocation | null;
}

/**
 * Loads a node, takes its space's write lock, then loads it again: every later read in the transaction
 * sees the tree as it is under the lock (a concurrent move may have changed paths meanwhile).
 */
export async function lockedNode(access: AccessService, actor: Actor, nodeId: number, action: "read" | "write" | "delete", repos: Repositories, folder = false) {
  const first = await access.requireNode(actor, nodeId, action, repos);
  await repos.spaces.lock(first.node.spaceId);
  return folder ? access.requireFolder(actor, nodeId, action, repos) : access.requireNode(actor, nodeId, action, repos);
}

/** The current SHA-256 of a file (null for folders). */
export async function shaOf(repos: Repositories, node: NodeRecord): Promise<string | null> {
  if (node.currentVersionId === null) return null;
  return (await repos.blobs.findVersion(node.currentVersionId))?.sha256 ?? null;
}

export function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}

/**
 * Deletes up to `limit` nodes of the subtree at `path`, deepest first, releasing their blobs and refunding their
 * bytes to the space: one bounded step of a purge (or of undoing a copy). Returns how many went (0: none left).
 */
export async function deleteSubtreeBatch(repos: Repositories, spaceId: number, path: string, limit: number): Promise<number> {
  const ids = await repos.nodes.deepestUnder(path, limit);
  if (ids.length === 0) return 0;
  const { blobIds, bytes } = await repos.nodes.deleteNodes(ids);
  await repos.blobs.releaseRefs(blobIds);
  await repos.spaces.addUsed(spaceId, -bytes);
  return ids.length;
}

/** Lets other requests run between the batches of a big tree operation. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
