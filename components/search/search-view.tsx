"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "next/navigation";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { SearchFilters, type FilterState } from "@/components/search/search-filters";
import { searchFromUrl, searchPageUrl, toParams } from "@/components/search/search-url";
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
import { searchNodes, searchQueryString } from "@/lib/client/search-api";
import { useMe } from "@/lib/client/use-me";
import { useT } from "@/lib/i18n/provider";

const PAGE_SIZE = 50;

function hasFilter(f: FilterState): boolean {
  return f.type !== "" || f.minMb !== "" || f.maxMb !== "" || f.from !== "" || f.until !== "" || f.owner !== "" || f.tags.length > 0;
}

/**
 * /search: a query box, filters, and the results in pages ("Load more"), each with its path and snippet. The address
 * holds the words and every filter (search-url.ts), so a link, a reload or going back shows the same search.
 */
export function SearchView({ userId, folderId, spaceId }: { userId: number; folderId?: number; spaceId?: number }) {
  const t = useT();
  const me = useMe();
  const url = useSearchParams();
  const [initial] = useState(() => searchFromUrl(url, userId));
  const [text, setText] = useState(initial.q);
  const [filters, setFilters] = useState<FilterState>(initial.filters);
  const q = useDebounced(text.trim(), 300);
  const scopes = useMemo(() => [...(folderId ? (["folder"] as const) : []), ...(spaceId ? (["space"] as const) : []), "all" as const], [folderId, spaceId]);
  const ctx = { folderId, spaceId, userId };
  const params = toParams(q, filters, ctx);
  const key = searchQueryString(params, null, PAGE_SIZE);
  const enabled = q.length > 0 || hasFilter(filters);
  const results = useInfiniteQuery({
    queryKey: queryKeys.search(key),
    queryFn: ({ pageParam }) => searchNodes(params, pageParam, PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });

  // The address follows the search (replaced, not pushed: typing is not a trail of history entries; the native
  // replaceState, which Next's router follows without asking the server), and the search follows an address it did not
  // write (back/forward between searches, a link to /search while on it).
  const address = searchPageUrl(q, filters, ctx);
  const current = url.size === 0 ? "/search" : `/search?${url.toString()}`;
  const settled = q === text.trim();
  const seen = useRef(current);
  /** addresses written and not yet seen in the URL (a quick second change must not read the first as foreign) */
  const pending = useRef<string[]>([]);
  useEffect(() => {
    if (current !== seen.current) {
      seen.current = current;
      const ours = pending.current.indexOf(current);
      if (ours >= 0) pending.current.splice(0, ours + 1);
      else {
        pending.current = [];
        const next = searchFromUrl(url, userId);
        setText(next.q);
        setFilters(next.filters);
        return;
      }
    }
    // While the words are still settling (typing, or words just taken from the address) the address waits for them.
    if (settled && address !== current && pending.current.at(-1) !== address) {
      pending.current.push(address);
      window.history.replaceState(window.history.state, "", address);
    }
  }, [address, current, settled, url, userId]);

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
