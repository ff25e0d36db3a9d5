import { ApiError } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { createFolder, findChildFolder } from "@/lib/client/drive-api";

/** The two calls mkdir -p needs; the tests pass fakes. */
export type FolderApi = {
  createFolder: (parentId: number, name: string) => Promise<Pick<NodeView, "id">>;
  findChildFolder: (parentId: number, name: string) => Promise<Pick<NodeView, "id"> | null>;
};

const serverApi: FolderApi = { createFolder, findChildFolder };

/** A path that could not be made: a file with that name is in the way (`blocked`), or the server said no. */
export type FolderPathFailure = { path: string; blocked: boolean; error: unknown };
export type EnsureFoldersResult = { created: number; failures: FolderPathFailure[] };

/**
 * mkdir -p for each path ("a/b/c", relative to `rootId`): missing parents are created first, in order, one request
 * at a time. A folder that already exists (POST answers 409 CONFLICT and the listing shows a folder of that name)
 * is reused; anything else in the way fails that path and every path below it.
 */
export async function ensureFolderPaths(rootId: number, paths: string[], api: FolderApi = serverApi): Promise<EnsureFoldersResult> {
  /** Folder id by path, or the failure that stopped the path. */
  const known = new Map<string, number | FolderPathFailure>();
  const failures: FolderPathFailure[] = [];
  let created = 0;

  for (const path of new Set(paths)) {
    let parentId = rootId;
    let prefix = "";
    for (const segment of path.split("/").filter(Boolean)) {
      prefix = prefix ? `${prefix}/${segment}` : segment;
      let step = known.get(prefix);
      if (step === undefined) {
        try {
          const made = await ensureFolder(api, parentId, segment);
          if (made.created) created++;
          step = made.id;
        } catch (error) {
          step = { path: prefix, blocked: error instanceof BlockedError, error };
          failures.push(step);
        }
        known.set(prefix, step);
      }
      if (typeof step !== "number") break;
      parentId = step;
    }
  }
  return { created, failures };
}

class BlockedError extends Error {}

async function ensureFolder(api: FolderApi, parentId: number, name: string): Promise<{ id: number; created: boolean }> {
  try {
    return { id: (await api.createFolder(parentId, name)).id, created: true };
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 409)) throw error;
    // Taken: fine if it is a folder (made earlier, or just now by an upload of a file inside it).
    const existing = await api.findChildFolder(parentId, name);
    if (!existing) throw new BlockedError(`"${name}" exists and is not a folder.`);
    return { id: existing.id, created: false };
  }
}
