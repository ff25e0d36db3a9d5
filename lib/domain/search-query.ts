import { z } from "zod";
import { SEARCH_TYPES } from "./search";
import { MAX_QUERY_LENGTH } from "./search-text";

/** The most tags one search may filter by (a result carries every one of them). */
export const MAX_SEARCH_TAGS = 10;

const size = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const id = z.coerce.number().int().positive();
/** An ISO date (2026-12-05) or date-time. */
const instant = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(s) && !Number.isNaN(Date.parse(s)), "an ISO date or date-time")
  .transform((s) => new Date(s));
/** Tag ids, comma-separated on the wire ("3,7"), or already a list. */
const tagIds = z
  .preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? [] : v.split(",")) : v), z.array(id).max(MAX_SEARCH_TAGS, `at most ${MAX_SEARCH_TAGS} tags`))
  .transform((ids) => [...new Set(ids)]);

/**
 * A search, as GET /api/search's query string carries it. The one definition of a search's parameters: the route
 * parses with it, the service takes its output (SearchInput), and the browser's SearchParams is its wire form.
 */
export const searchQuery = z
  .object({
    q: z.string().max(MAX_QUERY_LENGTH).default(""),
    /** folder: below folderId; space: in spaceId; all: everything the actor may read */
    scope: z.enum(["folder", "space", "all"]).default("all"),
    folderId: id.optional(),
    spaceId: id.optional(),
    type: z.enum(SEARCH_TYPES).optional(),
    minSize: size.optional(),
    maxSize: size.optional(),
    modifiedAfter: instant.optional(),
    /** exclusive */
    modifiedBefore: instant.optional(),
    /** the creator's user id */
    owner: id.optional(),
    /** the searcher's own tags a result must all carry */
    tags: tagIds.optional(),
    /** also match the text inside files (and return snippets) */
    fulltext: z
      .union([z.boolean(), z.enum(["0", "1", "true", "false"])])
      .transform((v) => v === true || v === "1" || v === "true")
      .optional(),
    /** from the previous page's nextCursor */
    cursor: z.string().max(32).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .refine((v) => v.scope !== "folder" || v.folderId !== undefined, { message: "scope=folder needs folderId", path: ["folderId"] })
  .refine((v) => v.scope !== "space" || v.spaceId !== undefined, { message: "scope=space needs spaceId", path: ["spaceId"] })
  .refine((v) => v.minSize === undefined || v.maxSize === undefined || v.minSize <= v.maxSize, { message: "minSize is above maxSize", path: ["minSize"] });

/** A parsed search: what SearchService.search takes. */
export type SearchInput = z.output<typeof searchQuery>;

/** A search as the browser builds it before it goes on the wire: dates as yyyy-mm-dd, paging apart. */
export type SearchParams = Omit<SearchInput, "modifiedAfter" | "modifiedBefore" | "cursor" | "limit"> & {
  modifiedAfter?: string;
  /** exclusive */
  modifiedBefore?: string;
};

/** The query string of a search (what searchQuery parses back). */
export function searchQueryString(p: SearchParams, cursor?: string | null, limit?: number): string {
  const query = new URLSearchParams({ q: p.q, scope: p.scope });
  for (const key of ["folderId", "spaceId", "type", "minSize", "maxSize", "modifiedAfter", "modifiedBefore", "owner"] as const) {
    const value = p[key];
    if (value !== undefined && value !== "") query.set(key, String(value));
  }
  if (p.tags && p.tags.length > 0) query.set("tags", p.tags.join(","));
  if (p.fulltext) query.set("fulltext", "1");
  if (cursor) query.set("cursor", cursor);
  if (limit) query.set("limit", String(limit));
  return query.toString();
}
