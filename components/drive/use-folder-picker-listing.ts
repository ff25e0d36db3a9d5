"use client";

import { useMemo } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { getNode, listChildren } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";

/** Subfolders of a folder. The server lists folders first, so paging stops at the first file. */
export function useFolderPickerListing(folderId: number) {
  const folder = useQuery({ queryKey: queryKeys.node(folderId), queryFn: () => getNode(folderId) });
  const listing = useInfiniteQuery({
    queryKey: queryKeys.folders(folderId),
    queryFn: ({ pageParam }) => listChildren(folderId, { sort: "name", order: "asc", cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => (page.items.every((item) => item.isFolder) ? page.nextCursor : null),
  });
  const folders = useMemo(() => listing.data?.pages.flatMap((page) => page.items.filter((item) => item.isFolder)) ?? [], [listing.data]);
  return { folder, listing, folders };
}
