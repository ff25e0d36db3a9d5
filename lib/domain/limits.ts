import { idsOfPath } from "./etag";
import { DomainError } from "./errors";

/**
 * How deep folders may nest below a space root. 250 levels of 255-byte names plus separators stay under the
 * 65,535-byte entry-name limit of a zip, so every legal tree can be downloaded.
 */
export const MAX_FOLDER_DEPTH = 250;

/** The most nodes one request may copy (a folder with everything in it); above it the copy is refused up front. */
export const MAX_COPY_NODES = 20_000;

/**
 * The most nodes one write transaction creates, trashes, restores or deletes in a big tree operation: between
 * batches other requests get their turn. SQLite runs on the server's main thread and its statements resolve without
 * yielding, so one batch holds every request for its whole length: a copied file costs about five statements, and
 * 100 of them keep the wait near a tenth of a second (bench/tree-ops.ts).
 */
export const TREE_BATCH = 100;

/** How far below its space root a node at `path` ("/1/5/9/") sits: 0 for the root. */
export function depthOf(path: string): number {
  return idsOfPath(path).length - 1;
}

/** Throws TOO_LARGE when a folder at `depth` (or a subtree whose deepest folder lands there) is too deep. */
export function assertFolderDepth(depth: number): void {
  if (depth > MAX_FOLDER_DEPTH) {
    throw new DomainError("TOO_LARGE", `Folders can be nested at most ${MAX_FOLDER_DEPTH} levels deep.`, { maxDepth: MAX_FOLDER_DEPTH });
  }
}

/** Throws TOO_LARGE when a copy covers more nodes than one request may. */
export function assertCopySize(nodes: number, max = MAX_COPY_NODES): void {
  if (nodes > max) {
    throw new DomainError("TOO_LARGE", `A copy may hold at most ${max} files and folders; this one has ${nodes}. Copy its subfolders one by one.`, {
      nodes,
      maxNodes: max,
    });
  }
}
