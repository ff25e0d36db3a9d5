"use client";

import { useEffect, useRef, type RefObject } from "react";
import { NodeRow } from "@/components/drive/node-row";
import { PREFETCH_ROWS, type Paging } from "@/components/drive/paging";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { Spinner } from "@/components/ui/spinner";
import type { NodeView } from "@/lib/client/api-types";
import { DESKTOP_QUERY, useMediaQuery } from "@/lib/client/use-media-query";
import { useVirtualWindow } from "@/lib/client/use-virtual-window";
import { useT } from "@/lib/i18n/provider";

type NodeListRowsProps = {
  items: NodeView[];
  selectedIds: Set<number>;
  focusIndex: number;
  dropTargetId: number | null;
  callbacks: RowCallbacks;
  paging: Paging;
  scrollRef: RefObject<HTMLDivElement | null>;
};

/** The virtualized rows of the list view. */
export function NodeListRows({ items, selectedIds, focusIndex, dropTargetId, callbacks, paging, scrollRef }: NodeListRowsProps) {
  const t = useT();
  const rowsRef = useRef<HTMLDivElement>(null);
  const rowHeight = useMediaQuery(DESKTOP_QUERY, true) ? 48 : 60;
  const { start, end, totalHeight, scrollToIndex } = useVirtualWindow({ count: items.length, rowHeight, scrollRef, rowsRef });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = paging;

  useEffect(() => {
    if (end >= items.length - PREFETCH_ROWS && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [end, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (focusIndex >= 0) scrollToIndex(focusIndex);
  }, [focusIndex, scrollToIndex]);

  return (
    <>
      <div ref={rowsRef} role="rowgroup" className="relative" style={{ height: totalHeight }}>
        {items.slice(start, end).map((node, offset) => {
          const index = start + offset;
          return (
            <NodeRow
              key={node.id}
              node={node}
              top={index * rowHeight}
              height={rowHeight}
              selected={selectedIds.has(node.id)}
              focused={index === focusIndex}
              dropTarget={dropTargetId === node.id}
              callbacks={callbacks}
            />
          );
        })}
      </div>
      {isFetchingNextPage && (
        <div className="flex items-center justify-center gap-2 py-4 text-sm text-zinc-500" role="status">
          <Spinner /> {t("common.loadingMore")}
        </div>
      )}
    </>
  );
}
