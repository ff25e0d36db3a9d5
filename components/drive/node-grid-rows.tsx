"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { NodeCard } from "@/components/drive/node-card";
import { PREFETCH_ROWS, type Paging } from "@/components/drive/paging";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { Spinner } from "@/components/ui/spinner";
import type { NodeView } from "@/lib/client/api-types";
import { useVirtualWindow } from "@/lib/client/use-virtual-window";
import { useT } from "@/lib/i18n/provider";

const CARD_MIN_WIDTH = 150;
const CARD_HEIGHT = 168;
const GAP = 12;
const PADDING = 16;

type NodeGridRowsProps = {
  items: NodeView[];
  selectedIds: Set<number>;
  focusIndex: number;
  dropTargetId: number | null;
  callbacks: RowCallbacks;
  paging: Paging;
  scrollRef: RefObject<HTMLDivElement | null>;
};

/** The grid view: cards laid out in rows, virtualized row by row. */
export function NodeGridRows({ items, selectedIds, focusIndex, dropTargetId, callbacks, paging, scrollRef }: NodeGridRowsProps) {
  const t = useT();
  const rowsRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const columns = Math.max(2, Math.floor((width - 2 * PADDING + GAP) / (CARD_MIN_WIDTH + GAP)));
  const rowCount = Math.ceil(items.length / columns);
  const { start, end, totalHeight, scrollToIndex } = useVirtualWindow({ count: rowCount, rowHeight: CARD_HEIGHT + GAP, scrollRef, rowsRef, overscan: 3 });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = paging;

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const observer = new ResizeObserver(() => setWidth(scroller.clientWidth));
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [scrollRef]);

  useEffect(() => {
    if (end * columns >= items.length - PREFETCH_ROWS && hasNextPage && !isFetchingNextPage) fetchNextPage();
  }, [end, columns, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (focusIndex >= 0) scrollToIndex(Math.floor(focusIndex / columns));
  }, [focusIndex, columns, scrollToIndex]);

  const rows = [];
  for (let row = start; row < end; row++) {
    rows.push(
      <div
        key={row}
        role="row"
        className="absolute grid"
        style={{ top: PADDING + row * (CARD_HEIGHT + GAP), left: PADDING, right: PADDING, height: CARD_HEIGHT, gap: GAP, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
      >
        {items.slice(row * columns, row * columns + columns).map((node, offset) => (
          <NodeCard
            key={node.id}
            node={node}
            selected={selectedIds.has(node.id)}
            focused={row * columns + offset === focusIndex}
            dropTarget={dropTargetId === node.id}
            callbacks={callbacks}
          />
        ))}
      </div>,
    );
  }

  return (
    <>
      <div ref={rowsRef} role="rowgroup" className="relative" style={{ height: totalHeight + 2 * PADDING }}>
        {rows}
      </div>
      {isFetchingNextPage && (
        <div className="flex items-center justify-center gap-2 py-4 text-sm text-zinc-500" role="status">
          <Spinner /> {t("common.loadingMore")}
        </div>
      )}
    </>
  );
}
