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

export function listTrash() {
  return apiFetch<{ items: TrashEntry[] }>("/api/trash");
}

export function restoreFromTrash(ids: number[]) {
  return apiFetch<{ items: NodeView[] }>("/api/trash/restore", { method: "POST", json: { ids } });
}

export function emptyTrash() {
  return apiFetch<{ purged: number }>("/api/trash/empty", { method: "POST" });
}

export function contentUrl(id: number, options: { download?: boolean } = {}) {
  return `/api/files/${id}/content${options.download ? "?download=1" : ""}`;
}

export function zipUrl(ids: number[]) {
  return `/api/zip?ids=${ids.join(",")}`;
}
