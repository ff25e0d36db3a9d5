"use client";

import { useId, useRef, useState, type KeyboardEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { Search, X } from "lucide-react";
import { SearchResultRow } from "@/components/search/search-result-row";
import { useDebounced } from "@/lib/client/use-debounced";
import { Spinner } from "@/components/ui/spinner";
import { inputClass } from "@/components/ui/text-field";
import { cn } from "@/components/ui/cn";
import { queryKeys } from "@/lib/client/query-keys";
import { searchNodes, searchQueryString, type SearchParams } from "@/lib/client/search-api";
import { useMe } from "@/lib/client/use-me";
import { useT } from "@/lib/i18n/provider";

/** Results shown under the box while typing; Enter (or "All results") opens the search page. */
const QUICK_LIMIT = 8;
const DEBOUNCE_MS = 250;

/**
 * The drive header's search: on wide screens (xl, where the header has room) a box with results as the user types
 * (names, everywhere the user may read); on narrower ones a button to the search page. `folderId` and `spaceId` are
 * where the user is, offered there as scopes.
 */
export function SearchBox({ folderId, spaceId }: { folderId: number; spaceId?: number }) {
  const t = useT();
  const router = useRouter();
  const me = useMe();
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const boxRef = useRef<HTMLDivElement>(null);
  const q = useDebounced(text.trim(), DEBOUNCE_MS);
  const params: SearchParams = { q, scope: "all" };
  const results = useQuery({
    queryKey: queryKeys.search(searchQueryString(params, null, QUICK_LIMIT)),
    queryFn: () => searchNodes(params, null, QUICK_LIMIT),
    enabled: q.length > 0,
    staleTime: 10_000,
  });
  const pageHref = (query: string) => `/search?${new URLSearchParams({ q: query, folderId: String(folderId), ...(spaceId ? { spaceId: String(spaceId) } : {}) })}`;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" && text.trim()) {
      setOpen(false);
      router.push(pageHref(text.trim()));
    } else if (event.key === "Escape") {
      setText("");
      setOpen(false);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      boxRef.current?.querySelector<HTMLElement>("[data-testid='search-result']")?.focus();
    }
  };
  const showPanel = open && q.length > 0;

  return (
    <>
      <Link
        href={`/search?${new URLSearchParams({ folderId: String(folderId), ...(spaceId ? { spaceId: String(spaceId) } : {}) })}`}
        aria-label={t("search.label")}
        title={t("search.label")}
        data-testid="search-open"
        className="inline-flex size-9 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 xl:hidden dark:text-zinc-400 dark:hover:bg-zinc-800"
      >
        <Search className="size-5" aria-hidden />
      </Link>
      <div
        ref={boxRef}
        className="relative hidden w-44 transition-[width] focus-within:w-72 xl:block"
        onBlur={(event) => {
          if (!boxRef.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
        }}
      >
        <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
        <input
          type="search"
          role="combobox"
          aria-expanded={showPanel}
          aria-controls={listId}
          aria-label={t("search.label")}
          placeholder={t("search.placeholder")}
          value={text}
          maxLength={200}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
          data-testid="search-input"
          className={cn(inputClass, "h-9 pr-8 pl-8 [&::-webkit-search-cancel-button]:hidden")}
        />
        {text && (
          <button
            type="button"
            aria-label={t("search.clear")}
            onClick={() => setText("")}
            className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-0.5 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
          >
            <X className="size-4" aria-hidden />
          </button>
        )}
        {showPanel && (
          <div
            id={listId}
            data-testid="search-panel"
            className="absolute top-full right-0 z-30 mt-1 w-[28rem] max-w-[calc(100vw-2rem)] rounded-xl border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
          >
            {results.isPending ? (
              <div className="flex justify-center p-4">
                <Spinner />
              </div>
            ) : results.isError ? (
              <p className="p-3 text-sm text-red-600 dark:text-red-400">{t("common.unknownError")}</p>
            ) : results.data.items.length === 0 ? (
              <p className="p-3 text-sm text-zinc-500 dark:text-zinc-400">{t("search.noResults", { q })}</p>
            ) : (
              results.data.items.map((hit) => <SearchResultRow key={hit.node.id} hit={hit} homeId={me.data?.space.rootId} onOpen={() => setOpen(false)} />)
            )}
            <Link
              href={pageHref(q)}
              onClick={() => setOpen(false)}
              data-testid="search-all"
              className="mt-1 block rounded-lg border-t border-zinc-100 px-3 py-2 text-sm font-medium text-brand-700 hover:bg-zinc-100 dark:border-zinc-800 dark:text-brand-300 dark:hover:bg-zinc-800"
            >
              {t("search.seeAll", { q })}
            </Link>
          </div>
        )}
      </div>
    </>
  );
}
