"use client";

import { useMemo } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { SortField, SortOrder } from "@/lib/client/api-types";
import { getNode, listChildren } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";

/** The folder itself (with its breadcrumbs) and its children, fetched page by page as the user scrolls. */
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
  return { folder, children, items };
}
