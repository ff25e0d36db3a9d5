"use client";

import { useEffect, type RefObject } from "react";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { Spinner } from "@/components/ui/spinner";
import type { NodeView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

/** Infinite-query state the list needs to fetch the next page when the user scrolls near the end. */
export type Paging = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => void };

/** Items before the loaded end at which the next page is asked for: a few screens of a fast scroll, so it rarely waits. */
export const PREFETCH_ITEMS = 600;

/** What the list and the grid view both get. */
export type NodeRowsProps = {
  items: NodeView[];
  isSelected: (id: number) => boolean;
  focusIndex: number;
  dropTargetId: number | null;
  callbacks: RowCallbacks;
  paging: Paging;
  scrollRef: RefObject<HTMLDivElement | null>;
};

/** Fetches the next page once the rendered items come within PREFETCH_ITEMS of the loaded end. */
export function usePrefetchNextPage(renderedEnd: number, loaded: number, { hasNextPage, isFetchingNextPage, fetchNextPage }: Paging) {
  useEffect(() => {
    if (renderedEnd >= loaded - PREFETCH_ITEMS && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [renderedEnd, loaded, hasNextPage, isFetchingNextPage, fetchNextPage]);
}

/** Under the rows while the next page loads. */
export function LoadingMore({ paging }: { paging: Paging }) {
  const t = useT();
  if (!paging.isFetchingNextPage) return null;
  return (
    <div className="flex items-center justify-center gap-2 py-4 text-sm text-zinc-500" role="status">
      <Spinner /> {t("common.loadingMore")}
    </div>
  );
}
