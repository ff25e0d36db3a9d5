"use client";

import { useEffect, useEffectEvent, type RefObject } from "react";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { Spinner } from "@/components/ui/spinner";
import type { NodeView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

/**
 * Infinite-query state the list needs to fetch the next page when the user scrolls near the end. `failed`: the last
 * next-page fetch failed (its retries spent); the rows loaded so far stay.
 */
export type Paging = { hasNextPage: boolean; isFetchingNextPage: boolean; failed: boolean; fetchNextPage: () => void };

/** Items before the loaded end at which the next page is asked for: a few screens of a fast scroll, so it rarely waits. */
export const PREFETCH_ITEMS = 600;
/** The pause before a failed next page is asked for again (while the user stays near the end). */
const RETRY_MS = 3000;

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

/**
 * Fetches the next page once the rendered items come within PREFETCH_ITEMS of the loaded end; after a failed one,
 * again RETRY_MS later (a server busy for a moment must not leave the list cut short).
 */
export function usePrefetchNextPage(renderedEnd: number, loaded: number, { hasNextPage, isFetchingNextPage, failed, fetchNextPage }: Paging) {
  const near = renderedEnd >= loaded - PREFETCH_ITEMS && hasNextPage && !isFetchingNextPage;
  const fetchNext = useEffectEvent(fetchNextPage);
  useEffect(() => {
    if (!near) return;
    if (!failed) return fetchNext();
    const timer = setTimeout(fetchNext, RETRY_MS);
    return () => clearTimeout(timer);
  }, [near, failed, loaded]);
}

/** Under the rows while the next page loads, or after it failed (it is asked for again, see usePrefetchNextPage). */
export function LoadingMore({ paging }: { paging: Paging }) {
  const t = useT();
  if (!paging.isFetchingNextPage && !(paging.failed && paging.hasNextPage)) return null;
  return (
    <div className="flex items-center justify-center gap-2 py-4 text-sm text-zinc-500" role="status" data-testid="loading-more">
      <Spinner /> {paging.isFetchingNextPage ? t("common.loadingMore") : t("common.loadMoreFailed")}
    </div>
  );
}
