"use client";

import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { NO_FILTERS, SearchFilters, type FilterState } from "@/components/search/search-filters";
import { SearchResultRow } from "@/components/search/search-result-row";
import { useDebounced } from "@/lib/client/use-debounced";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { inputClass } from "@/components/ui/text-field";
import { cn } from "@/components/ui/cn";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { searchNodes, searchQueryString, type SearchParams } from "@/lib/client/search-api";
import { useMe } from "@/lib/client/use-me";
import { useT } from "@/lib/i18n/provider";

const PAGE_SIZE = 50;
const MB = 1024 * 1024;

/** The filters as API parameters (sizes in bytes; "until" is inclusive, the API's modifiedBefore exclusive). */
function toParams(q: string, f: FilterState, ctx: { folderId?: number; spaceId?: number; userId: number }): SearchParams {
  const bytes = (mb: string) => (mb.trim() === "" || Number.isNaN(Number(mb)) ? undefined : Math.round(Number(mb) * MB));
  const dayAfter = (day: string) => (day ? new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : undefined);
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

function hasFilter(f: FilterState): boolean {
  return f.type !== "" || f.minMb !== "" || f.maxMb !== "" || f.from !== "" || f.until !== "" || f.owner !== "" || f.tags.length > 0;
}

/** /search: a query box, filters, and the results in pages ("Load more"), each with its path and snippet. */
export function SearchView({ userId, initialQuery, folderId, spaceId }: { userId: number; initialQuery: string; folderId?: number; spaceId?: number }) {
  const t = useT();
  const router = useRouter();
  const me = useMe();
  const [text, setText] = useState(initialQuery);
  const [filters, setFilters] = useState<FilterState>(NO_FILTERS);
  const q = useDebounced(text.trim(), 300);
  const scopes = useMemo(() => [...(folderId ? (["folder"] as const) : []), ...(spaceId ? (["space"] as const) : []), "all" as const], [folderId, spaceId]);
  const params = toParams(q, filters, { folderId, spaceId, userId });
  const key = searchQueryString(params, null, PAGE_SIZE);
  const enabled = q.length > 0 || hasFilter(filters);
  const results = useInfiniteQuery({
    queryKey: queryKeys.search(key),
    queryFn: ({ pageParam }) => searchNodes(params, pageParam, PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });

  // The query stays in the address, so a reload or a shared link shows the same search.
  useEffect(() => {
    const query = new URLSearchParams({ ...(q ? { q } : {}), ...(folderId ? { folderId: String(folderId) } : {}), ...(spaceId ? { spaceId: String(spaceId) } : {}) });
    router.replace(`/search?${query}`, { scroll: false });
  }, [q, folderId, spaceId, router]);

  const items = results.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("search.title")}</h1>} />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto max-w-4xl space-y-4 px-3 py-4 sm:px-5">
          <div className="relative">
            <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
            <input
              type="search"
              autoFocus
              aria-label={t("search.label")}
              placeholder={t("search.placeholder")}
              value={text}
              maxLength={200}
              onChange={(event) => setText(event.target.value)}
              data-testid="search-page-input"
              className={cn(inputClass, "pl-9")}
            />
          </div>
          <SearchFilters value={filters} onChange={setFilters} scopes={scopes} />
          <section aria-label={t("search.results")} data-testid="search-results" aria-busy={results.isFetching}>
            {!enabled ? (
              <EmptyState icon={<Search className="size-6" aria-hidden />} title={t("search.start")} />
            ) : results.isPending ? (
              <SkeletonRows label={t("common.loading")} />
            ) : results.isError ? (
              <ErrorState title={t("search.title")} message={errorMessage(results.error, t("common.unknownError"))} onRetry={() => void results.refetch()} />
            ) : items.length === 0 ? (
              <EmptyState icon={<Search className="size-6" aria-hidden />} title={t("search.noResults", { q })} />
            ) : (
              <div className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                {items.map((hit) => (
                  <SearchResultRow key={hit.node.id} hit={hit} homeId={me.data?.space.rootId} detailed />
                ))}
              </div>
            )}
            {results.hasNextPage && (
              <div className="flex justify-center py-4">
                <Button onClick={() => void results.fetchNextPage()} disabled={results.isFetchingNextPage} data-testid="search-more">
                  {results.isFetchingNextPage ? t("common.loadingMore") : t("search.loadMore")}
                </Button>
              </div>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
