"use client";

import { useEffect, useRef, useState } from "react";
import { NodeCard } from "@/components/drive/node-card";
import { useReportVisibleRows } from "@/components/drive/quick/node-marks";
import { LoadingMore, usePrefetchNextPage, type NodeRowsProps } from "@/components/drive/paging";
import { useVirtualWindow } from "@/lib/client/use-virtual-window";

const CARD_MIN_WIDTH = 150;
const GAP = 12;
const PADDING = 16;

/**
 * The grid view: square tiles (a photo grid) laid out in rows, virtualized row by row. Every row and tile has its
 * position and size set in pixels and is `contain: strict`, so a row scrolled into view is styled and laid out alone
 * (no grid track sizing, nothing around it laid out again). Rows and tiles are keyed by slot (see slotOf): scrolling
 * updates the elements of the row that left instead of creating new ones.
 */
export function NodeGridRows({ items, isSelected, focusIndex, dropTargetId, callbacks, paging, scrollRef }: NodeRowsProps) {
  const rowsRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const columns = Math.max(2, Math.floor((width - 2 * PADDING + GAP) / (CARD_MIN_WIDTH + GAP)));
  const rowCount = Math.ceil(items.length / columns);
  // Square tiles: as high as a column is wide.
  const cardWidth = (width - 2 * PADDING - (columns - 1) * GAP) / columns;
  const cardHeight = Math.max(CARD_MIN_WIDTH, Math.floor(cardWidth));
  const { start, end, totalHeight, scrollToIndex, slotOf, flinging } = useVirtualWindow({ count: rowCount, rowHeight: cardHeight + GAP, scrollRef, rowsRef, overscan: 3 });
  usePrefetchNextPage(end * columns, items.length, paging);
  useReportVisibleRows(start * columns, end * columns);

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const observer = new ResizeObserver(() => setWidth(scroller.clientWidth));
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [scrollRef]);

  useEffect(() => {
    if (focusIndex >= 0) scrollToIndex(Math.floor(focusIndex / columns));
  }, [focusIndex, columns, scrollToIndex]);

  const rows = [];
  for (let row = start; row < end; row++) {
    rows.push(
      <div
        key={slotOf(row)}
        role="row"
        className="absolute"
        style={{ top: PADDING + row * (cardHeight + GAP), left: PADDING, right: PADDING, height: cardHeight, contain: "strict" }}
      >
        {items.slice(row * columns, row * columns + columns).map((node, offset) => (
          <NodeCard
            key={offset}
            node={node}
            left={offset * (cardWidth + GAP)}
            width={cardWidth}
            selected={isSelected(node.id)}
            focused={row * columns + offset === focusIndex}
            dropTarget={dropTargetId === node.id}
            callbacks={callbacks}
            holdThumbnail={flinging}
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
      <LoadingMore paging={paging} />
    </>
  );
}
