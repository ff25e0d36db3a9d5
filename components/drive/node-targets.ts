import type { NodeView } from "@/lib/client/api-types";
import { listAllChildIds } from "@/lib/client/drive-api";

/**
 * What a command acts on: some rows of one folder, or, after "Select all", every item of the folder, including
 * the rows not loaded yet. Only their ids are ever fetched, on demand, so a folder of 100k entries stays cheap.
 */
export type NodeTargets = {
  /** How many items. */
  count: number;
  /** The loaded ones; all of them unless `count` is larger. */
  nodes: NodeView[];
  /** The folder holding them. */
  parentId: number | null;
  /** The whole folder, with nothing left out (a zip can then be of the folder itself). */
  wholeFolder: boolean;
  /** Whether the node `id` in folder `parentId` is one of them (also for rows not loaded). */
  includes: (id: number, parentId: number | null) => boolean;
  /** Every id; fetches the rest of the folder's listing when only part of it is loaded. `onProgress` counts ids. */
  resolveIds: (onProgress?: (loaded: number) => void) => Promise<number[]>;
};

/** Exactly these nodes (a right-click on a row outside the selection, or a selection that is all loaded). */
export function targetsOf(nodes: NodeView[]): NodeTargets {
  const ids = new Set(nodes.map((node) => node.id));
  const parentId = nodes[0]?.parentId ?? null;
  return {
    count: nodes.length,
    nodes,
    parentId,
    wholeFolder: false,
    includes: (id, parent) => parent === parentId && ids.has(id),
    resolveIds: () => Promise.resolve([...ids]),
  };
}

type SelectionInFolder = {
  folderId: number;
  /** The selected rows among the loaded ones. */
  loaded: NodeView[];
  /** "Select all" is on: every child of the folder except `excluded`, loaded or not. */
  allMode: boolean;
  excluded: ReadonlySet<number>;
  /** How many are selected, counting rows not loaded yet. */
  count: number;
  /** Every row of the folder is loaded, so `loaded` is the whole answer and nothing needs fetching. */
  complete: boolean;
};

/** The selection of a folder view as command targets. */
export function selectionTargets({ folderId, loaded, allMode, excluded, count, complete }: SelectionInFolder): NodeTargets {
  const wholeFolder = allMode && excluded.size === 0;
  if (!allMode || complete) return { ...targetsOf(loaded), parentId: folderId, wholeFolder };
  const skip = new Set(excluded);
  return {
    count,
    nodes: loaded,
    parentId: folderId,
    wholeFolder,
    includes: (id, parent) => parent === folderId && !skip.has(id),
    resolveIds: async (onProgress) => (await listAllChildIds(folderId, onProgress)).filter((id) => !skip.has(id)),
  };
}
