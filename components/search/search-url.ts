import { searchQuery, searchQueryString, type SearchParams } from "@/lib/domain/search-query";
import { NO_FILTERS, type FilterState } from "@/components/search/search-filters";

const MB = 1024 * 1024;
const DAY_MS = 86_400_000;

/** Where the user came from: which scopes the page offers, and who "me" is. */
export type SearchContext = { folderId?: number; spaceId?: number; userId: number };

/** The filters as API parameters (sizes in bytes; "until" is inclusive, the API's modifiedBefore exclusive). */
export function toParams(q: string, f: FilterState, ctx: SearchContext): SearchParams {
  const bytes = (mb: string) => (mb.trim() === "" || Number.isNaN(Number(mb)) ? undefined : Math.round(Number(mb) * MB));
  const dayAfter = (day: string) => (day ? new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10) : undefined);
  return {
    q,
    scope: f.scope,
    folderId: f.scope === "folder" ? ctx.folderId : undefined,
    spaceId: f.scope === "space" ? ctx.spaceId : undefined,
    type: f.type || undefined,
    minSize: bytes(f.minMb),
    maxSize: bytes(f.maxMb),
    modifiedAfter: f.from || undefined,
    modifiedBefore: dayAfter(f.until),
    owner: f.owner === "me" ? ctx.userId : undefined,
    tags: f.tags.length > 0 ? f.tags : undefined,
    fulltext: f.fulltext,
  };
}

/**
 * The page's address for a search: the API's own query string (lib/domain/search-query.ts, so one parser reads both),
 * plus the folder and space the user came from (they keep the scope choices), without defaults.
 */
export function searchPageUrl(q: string, f: FilterState, ctx: SearchContext): string {
  const query = new URLSearchParams(searchQueryString(toParams(q, f, ctx)));
  if (!q) query.delete("q");
  if (f.scope === "all") query.delete("scope");
  if (ctx.folderId) query.set("folderId", String(ctx.folderId));
  if (ctx.spaceId) query.set("spaceId", String(ctx.spaceId));
  const s = query.toString();
  return s ? `/search?${s}` : "/search";
}

/**
 * The words and filters an address holds, read with the API's schema. A parameter that does not parse (a hand-edited
 * link) is left out, the rest kept; a scope without its folder or space falls back to "everything".
 */
export function searchFromUrl(params: Pick<URLSearchParams, "entries">, userId: number): { q: string; filters: FilterState } {
  const raw: Record<string, string> = Object.fromEntries(params.entries());
  for (let attempt = 0; attempt < 16; attempt++) {
    const parsed = searchQuery.safeParse(raw);
    if (parsed.success) return fromInput(parsed.data, userId);
    const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
    if (bad.has("folderId") || bad.has("spaceId")) bad.add("scope");
    const before = Object.keys(raw).length;
    for (const key of bad) delete raw[key];
    if (Object.keys(raw).length === before) break;
  }
  return { q: "", filters: NO_FILTERS };
}

function fromInput(input: ReturnType<typeof searchQuery.parse>, userId: number): { q: string; filters: FilterState } {
  const day = (d: Date | undefined, shift = 0) => (d ? new Date(d.getTime() + shift).toISOString().slice(0, 10) : "");
  const mb = (bytes: number | undefined) => (bytes === undefined ? "" : String(Math.round((bytes / MB) * 1000) / 1000));
  return {
    q: input.q,
    filters: {
      scope: input.scope,
      type: input.type ?? "",
      minMb: mb(input.minSize),
      maxMb: mb(input.maxSize),
      from: day(input.modifiedAfter),
      // the address holds the API's exclusive end; the form shows the last day included
      until: day(input.modifiedBefore, -DAY_MS),
      owner: input.owner === userId ? "me" : "",
      fulltext: input.fulltext ?? false,
      tags: input.tags ?? [],
    },
  };
}
