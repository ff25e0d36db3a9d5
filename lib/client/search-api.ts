import { apiFetch } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import type { SearchType } from "@/lib/domain/search";
import type { SnippetPart } from "@/lib/domain/search-text";

/** One result of GET /api/search. */
export type SearchHitView = {
  node: NodeView;
  space: { id: number; kind: "personal" | "team" | "backup"; name: string };
  /** reached through a share: crumbs start at the shared folder */
  shared: boolean;
  /** the folders above the result that the user sees (a space root is not one) */
  crumbs: { id: number; name: string }[];
  /** the matched text inside the file (full-text searches) */
  snippet: SnippetPart[] | null;
};

export type SearchPage = { items: SearchHitView[]; nextCursor: string | null };

export interface SearchParams {
  q: string;
  scope: "folder" | "space" | "all";
  folderId?: number;
  spaceId?: number;
  type?: SearchType;
  minSize?: number;
  maxSize?: number;
  /** yyyy-mm-dd */
  modifiedAfter?: string;
  /** yyyy-mm-dd (exclusive) */
  modifiedBefore?: string;
  owner?: number;
  fulltext?: boolean;
}

export function searchQueryString(p: SearchParams, cursor?: string | null, limit?: number): string {
  const query = new URLSearchParams({ q: p.q, scope: p.scope });
  for (const key of ["folderId", "spaceId", "type", "minSize", "maxSize", "modifiedAfter", "modifiedBefore", "owner"] as const) {
    const value = p[key];
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  if (p.fulltext) query.set("fulltext", "1");
  if (cursor) query.set("cursor", cursor);
  if (limit) query.set("limit", String(limit));
  return query.toString();
}

export function searchNodes(p: SearchParams, cursor?: string | null, limit?: number) {
  return apiFetch<SearchPage>(`/api/search?${searchQueryString(p, cursor, limit)}`);
}
