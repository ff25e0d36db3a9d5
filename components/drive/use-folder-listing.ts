"use client";

import { useMemo } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { SortField, SortOrder } from "@/lib/client/api-types";
import { getNode, listChildren } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";

/**
 * The folder itself (with its breadcrumbs) and its children, fetched page by page as the user scrolls.
 * `total` is the number of children in the folder, loaded or not.
 */
export function useFolderListing(folderId: number, sort: SortField, order: SortOrder, enabled = true) {
  const folder = useQuery({ queryKey: queryKeys.node(folderId), queryFn: () => getNode(folderId) });
  const children = useInfiniteQuery({
    queryKey: queryKeys.children(folderId, sort, order),
    queryFn: ({ pageParam }) => listChildren(folderId, { sort, order, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
  });
  const items = useMemo(() => children.data?.pages.flatMap((page) => page.items) ?? [], [children.data]);
  const lastPage = children.data?.pages.at(-1);
  // Once everything is loaded the rows themselves are the count; before, the newest page's total.
  const total = lastPage && children.hasNextPage ? Math.max(lastPage.total || 0, items.length) : items.length;
  return { folder, children, items, total };
}
