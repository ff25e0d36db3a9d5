"use client";

import { useEffect, useRef } from "react";
import { NodeRow } from "@/components/drive/node-row";
import { useReportVisibleRows } from "@/components/drive/quick/node-marks";
import { LoadingMore, usePrefetchNextPage, type NodeRowsProps } from "@/components/drive/paging";
import { DESKTOP_QUERY, useMediaQuery } from "@/lib/client/use-media-query";
import { useVirtualWindow } from "@/lib/client/use-virtual-window";

/** The virtualized rows of the list view, keyed by slot (see slotOf): scrolling updates rows rather than creating them. */
export function NodeListRows({ items, isSelected, focusIndex, dropTargetId, callbacks, paging, scrollRef }: NodeRowsProps) {
  const rowsRef = useRef<HTMLDivElement>(null);
  const rowHeight = useMediaQuery(DESKTOP_QUERY, true) ? 48 : 60;
  const { start, end, totalHeight, scrollToIndex, slotOf } = useVirtualWindow({ count: items.length, rowHeight, scrollRef, rowsRef });
  usePrefetchNextPage(end, items.length, paging);
  useReportVisibleRows(start, end);

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
              key={slotOf(index)}
              node={node}
              top={index * rowHeight}
              height={rowHeight}
              selected={isSelected(node.id)}
              focused={index === focusIndex}
              dropTarget={dropTargetId === node.id}
              callbacks={callbacks}
            />
          );
        })}
      </div>
      <LoadingMore paging={paging} />
    </>
  );
}
