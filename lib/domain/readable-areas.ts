import type { NodeRecord } from "./types";

/**
 * A part of the tree an actor reads: a whole space, or the subtree at `path` (a materialised path). `member`: read
 * through a role in the space (its paths show from the space root), not through a share.
 */
export interface ReadableArea {
  spaceId: number;
  path?: string;
  member: boolean;
}

/** Areas cut to the subtree of `folder`: an area holding the folder becomes the folder; areas below it stay. */
export function areasWithin(areas: ReadableArea[], folder: Pick<NodeRecord, "spaceId" | "path">): ReadableArea[] {
  const out: ReadableArea[] = [];
  for (const a of areas) {
    if (a.spaceId !== folder.spaceId) continue;
    if (a.path === undefined || folder.path.startsWith(a.path)) out.push({ spaceId: a.spaceId, path: folder.path, member: a.member });
    else if (a.path.startsWith(folder.path)) out.push(a);
  }
  return out;
}

/** Drops areas inside another (a whole space, or a subtree holding it); a member's view wins over a share's. */
export function collapseAreas(areas: ReadableArea[]): ReadableArea[] {
  const sorted = [...areas].sort((a, b) => (a.path?.length ?? 0) - (b.path?.length ?? 0) || Number(b.member) - Number(a.member));
  const kept: ReadableArea[] = [];
  for (const a of sorted) {
    const covered = kept.some((k) => k.spaceId === a.spaceId && (k.path === undefined || (a.path !== undefined && a.path.startsWith(k.path))));
    if (!covered) kept.push(a);
  }
  return kept;
}
