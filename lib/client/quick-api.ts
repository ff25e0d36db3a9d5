import { apiFetch } from "./api";
import type { NodeView } from "./api-types";
import type { ActivityPageView, CommentView, NodeMarksView, RecentView, TagView } from "./quick-types";

/** The browser's calls to the quick-access API (docs/api.md "Quick access"). */
export function listFavorites() {
  return apiFetch<{ items: NodeView[] }>("/api/favorites");
}

export function setFavorite(nodeId: number, favorite: boolean) {
  return apiFetch<{ favorite: boolean }>(`/api/nodes/${nodeId}/favorite`, { method: "PUT", json: { favorite } });
}

export function listTags() {
  return apiFetch<{ items: TagView[] }>("/api/tags");
}

export function createTag(name: string, color: string) {
  return apiFetch<TagView>("/api/tags", { method: "POST", json: { name, color } });
}

export function updateTag(id: number, changes: { name?: string; color?: string }) {
  return apiFetch<TagView>(`/api/tags/${id}`, { method: "PATCH", json: changes });
}

export function deleteTag(id: number) {
  return apiFetch<void>(`/api/tags/${id}`, { method: "DELETE" });
}

export function setNodeTag(nodeId: number, tagId: number, on: boolean) {
  return apiFetch<unknown>(`/api/nodes/${nodeId}/tags/${tagId}`, { method: on ? "PUT" : "DELETE" });
}

export function listTagged(tagIds: number[]) {
  return apiFetch<{ items: NodeView[] }>(`/api/tags/items?tags=${tagIds.join(",")}`);
}

export function nodeMarks(ids: number[]) {
  return apiFetch<{ marks: Record<number, NodeMarksView> }>("/api/nodes/marks", { method: "POST", json: { ids } });
}

export function listComments(nodeId: number) {
  return apiFetch<{ items: CommentView[] }>(`/api/nodes/${nodeId}/comments`);
}

export function addComment(nodeId: number, body: string) {
  return apiFetch<{ id: number }>(`/api/nodes/${nodeId}/comments`, { method: "POST", json: { body } });
}

export function editComment(id: number, body: string) {
  return apiFetch<unknown>(`/api/comments/${id}`, { method: "PATCH", json: { body } });
}

export function deleteComment(id: number) {
  return apiFetch<void>(`/api/comments/${id}`, { method: "DELETE" });
}

export function listRecent() {
  return apiFetch<{ items: RecentView[] }>("/api/recent");
}

export function nodeActivity(nodeId: number, before: number | null) {
  return apiFetch<ActivityPageView>(`/api/nodes/${nodeId}/activity${before ? `?before=${before}` : ""}`);
}

export function myActivity(before: number | null) {
  return apiFetch<ActivityPageView>(`/api/activity${before ? `?before=${before}` : ""}`);
}
