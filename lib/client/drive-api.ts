import { apiFetch } from "@/lib/client/api";
import type {
  ChildrenPage,
  Crumb,
  NodeView,
  SortField,
  SortOrder,
  TrashEntry,
  VersionView,
} from "@/lib/client/api-types";

const PAGE_SIZE = 200;
/** The largest page the server hands out (docs: `limit` ≤ 1000). */
const MAX_PAGE_SIZE = 1000;
/** Ids sent in one batch request (the server takes up to 10,000; smaller chunks keep each transaction short). */
export const BATCH_SIZE = 1000;

export function getNode(id: number) {
  return apiFetch<{ node: NodeView; crumbs: Crumb[] }>(`/api/nodes/${id}`);
}

export function listChildren(
  id: number,
  options: { sort: SortField; order: SortOrder; cursor?: string | null; limit?: number },
) {
  const query = new URLSearchParams({ sort: options.sort, order: options.order, limit: String(options.limit ?? PAGE_SIZE) });
  if (options.cursor) query.set("cursor", options.cursor);
  return apiFetch<ChildrenPage>(`/api/nodes/${id}/children?${query}`);
}

/**
 * Every child id of a folder, fetched in pages of 1000 and kept as ids only, so even 100k entries stay cheap.
 * `onProgress` gets the number of ids so far and the folder's total.
 */
export async function listAllChildIds(id: number, onProgress?: (loaded: number, total: number) => void): Promise<number[]> {
  const ids = new Set<number>();
  let cursor: string | null = null;
  do {
    const page: ChildrenPage = await listChildren(id, { sort: "name", order: "asc", cursor, limit: MAX_PAGE_SIZE });
    for (const item of page.items) ids.add(item.id);
    onProgress?.(ids.size, Math.max(page.total, ids.size));
    cursor = page.nextCursor;
  } while (cursor);
  return [...ids];
}

/** The child named `name` if it is a folder, else null. Folders are listed first, so paging stops at the first file. */
export async function findChildFolder(parentId: number, name: string): Promise<NodeView | null> {
  let cursor: string | null = null;
  do {
    const page: ChildrenPage = await listChildren(parentId, { sort: "name", order: "asc", cursor, limit: MAX_PAGE_SIZE });
    const found = page.items.find((item) => item.isFolder && item.name === name);
    if (found) return found;
    if (page.items.some((item) => !item.isFolder)) return null;
    cursor = page.nextCursor;
  } while (cursor);
  return null;
}

/** Runs `action` on `ids` one chunk of BATCH_SIZE at a time; `onProgress` gets how many ids are done. */
export async function inChunks(ids: number[], action: (chunk: number[]) => Promise<unknown>, onProgress?: (done: number) => void): Promise<void> {
  for (let start = 0; start < ids.length; start += BATCH_SIZE) {
    const chunk = ids.slice(start, start + BATCH_SIZE);
    await action(chunk);
    onProgress?.(start + chunk.length);
  }
}

export function createFolder(parentId: number, name: string) {
  return apiFetch<NodeView>(`/api/nodes/${parentId}/children`, { method: "POST", json: { name } });
}

/** Names (of the given ones) that are already taken in the folder. */
export async function findExistingNames(parentId: number, names: string[]): Promise<string[]> {
  const existing: string[] = [];
  for (let i = 0; i < names.length; i += 500) {
    const batch = names.slice(i, i + 500);
    const answer = await apiFetch<{ existing: string[] }>(`/api/nodes/${parentId}/conflicts`, {
      method: "POST",
      json: { names: batch },
    });
    existing.push(...answer.existing);
  }
  return existing;
}

export function renameNode(id: number, name: string) {
  return apiFetch<NodeView>(`/api/nodes/${id}`, { method: "PATCH", json: { name } });
}

export function moveNodes(ids: number[], targetId: number) {
  return apiFetch<{ items: NodeView[] }>("/api/nodes/move", { method: "POST", json: { ids, targetId, onConflict: "rename" } });
}

export function copyNodes(ids: number[], targetId: number) {
  return apiFetch<{ items: NodeView[] }>("/api/nodes/copy", { method: "POST", json: { ids, targetId, onConflict: "rename" } });
}

export function trashNodes(ids: number[]) {
  return apiFetch<{ trashed: number }>("/api/nodes/trash", { method: "POST", json: { ids } });
}

export function listVersions(id: number) {
  return apiFetch<{ items: VersionView[] }>(`/api/nodes/${id}/versions`);
}

/** Makes an old version current again (as a new newest version; the history is kept and the quota charged). */
export function restoreVersion(id: number, versionId: number) {
  return apiFetch<NodeView>(`/api/nodes/${id}/versions/${versionId}/restore`, { method: "POST" });
}

export function deleteVersion(id: number, versionId: number) {
  return apiFetch<void>(`/api/nodes/${id}/versions/${versionId}`, { method: "DELETE" });
}

export function listTrash(spaceId?: number) {
  return apiFetch<{ items: TrashEntry[] }>(spaceId ? `/api/trash?spaceId=${spaceId}` : "/api/trash");
}

/** Restores entries where they were, or all into `targetId` (a folder of their space) when given. */
export function restoreFromTrash(ids: number[], targetId?: number) {
  return apiFetch<{ items: NodeView[] }>("/api/trash/restore", { method: "POST", json: { ids, targetId } });
}

export function deleteFromTrash(ids: number[]) {
  return apiFetch<{ purged: number }>("/api/trash/delete", { method: "POST", json: { ids } });
}

export function emptyTrash(spaceId?: number) {
  return apiFetch<{ purged: number }>(spaceId ? `/api/trash/empty?spaceId=${spaceId}` : "/api/trash/empty", { method: "POST" });
}

/** A file's bytes: inline, or as an attachment with `download`; an older version with `version`. */
export function contentUrl(id: number, options: { download?: boolean; version?: number } = {}) {
  const query = new URLSearchParams();
  if (options.download) query.set("download", "1");
  if (options.version !== undefined) query.set("version", String(options.version));
  const search = query.toString();
  return `/api/files/${id}/content${search ? `?${search}` : ""}`;
}

export function zipUrl(ids: number[]) {
  return `/api/zip?ids=${ids.join(",")}`;
}

/** Longer URLs risk the server's header limit (16 KB with the cookies): about a thousand ids. */
export const MAX_ZIP_URL_LENGTH = 8000;
