import { apiFetch } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { searchQueryString, type SearchParams } from "@/lib/domain/search-query";
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

export type { SearchParams };
export { searchQueryString };

export type SearchPage = { items: SearchHitView[]; nextCursor: string | null };

export function searchNodes(p: SearchParams, cursor?: string | null, limit?: number) {
  return apiFetch<SearchPage>(`/api/search?${searchQueryString(p, cursor, limit)}`);
}
