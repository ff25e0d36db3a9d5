"use client";

import { useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { ChildrenPage, NodeView, SortField, SortOrder } from "@/lib/client/api-types";
import { getNode, listChildren } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";

/** The first page is small so the folder shows at once; later pages are the server's largest, so 100,000 entries take 100 requests, not 500. */
const FIRST_PAGE = 200;
const NEXT_PAGE = 1000;
/** Loaded pages up to which a stale listing refreshes itself on focus, mount and reconnect. */
const AUTO_REFRESH_PAGES = 3;

const fewPages = (query: { state: { data?: { pages: readonly unknown[] } } }) => (query.state.data?.pages.length ?? 0) <= AUTO_REFRESH_PAGES;

/**
 * The folder itself (with its breadcrumbs) and its children, fetched page by page as the user scrolls.
 * `total` is the number of children in the folder, loaded or not.
 */
export function useFolderListing(folderId: number, sort: SortField, order: SortOrder, enabled = true) {
  const folder = useQuery({ queryKey: queryKeys.node(folderId), queryFn: () => getNode(folderId) });
  const children = useInfiniteQuery({
    queryKey: queryKeys.children(folderId, sort, order),
    queryFn: ({ pageParam }) => listChildren(folderId, { sort, order, cursor: pageParam, limit: pageParam ? NEXT_PAGE : FIRST_PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
    // A refetch walks every loaded page again, one request each: fine for a folder of a few pages, not for one scrolled
    // through thousands of entries. Those refresh when the user changes something (mutations invalidate), not on focus.
    refetchOnWindowFocus: fewPages,
    refetchOnMount: fewPages,
    refetchOnReconnect: fewPages,
  });
  const items = useAppendedItems(children.data?.pages);
  const lastPage = children.data?.pages.at(-1);
  // Once everything is loaded the rows themselves are the count; before, the newest page's total.
  const total = lastPage && children.hasNextPage ? Math.max(lastPage.total || 0, items.length) : items.length;
  return { folder, children, items, total };
}

type Flattened = { pages: readonly ChildrenPage[] | undefined; items: NodeView[] };

/**
 * The pages' items as one array. A new page is appended to the array made for the pages before it (no walk over the
 * rows already loaded); a refetch that changed an earlier page flattens afresh.
 */
function useAppendedItems(pages: readonly ChildrenPage[] | undefined): NodeView[] {
  const [flat, setFlat] = useState<Flattened>({ pages: undefined, items: [] });
  if (flat.pages === pages) return flat.items;
  const before = flat.pages ?? [];
  const onlyAppended = pages !== undefined && before.length <= pages.length && before.every((page, i) => page === pages[i]);
  const items = !pages ? [] : onlyAppended ? flat.items.concat(...pages.slice(before.length).map((page) => page.items)) : pages.flatMap((page) => page.items);
  // Derived state kept across renders (React's "storing information from previous renders").
  setFlat({ pages, items });
  return items;
}
