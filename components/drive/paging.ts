/** Infinite-query state the list needs to fetch the next page when the user scrolls near the end. */
export type Paging = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => void };

export const PREFETCH_ROWS = 40;
