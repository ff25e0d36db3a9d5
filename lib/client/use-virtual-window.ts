"use client";

import { useCallback, useEffect, useState, type RefObject } from "react";

type VirtualWindowOptions = {
  count: number;
  rowHeight: number;
  /** The element that scrolls (must be `position: relative` so offsetTop is measured against it). */
  scrollRef: RefObject<HTMLElement | null>;
  /** The element holding the rows; anything above it inside the scroller (a sticky header) is accounted for. */
  rowsRef: RefObject<HTMLElement | null>;
  overscan?: number;
};

/**
 * Fixed-height row virtualization: only the rows in view (plus a margin) are rendered, so a folder with
 * 100,000 entries costs the same as one with 50.
 */
export function useVirtualWindow({ count, rowHeight, scrollRef, rowsRef, overscan = 10 }: VirtualWindowOptions) {
  const [viewport, setViewport] = useState({ top: 0, height: 800 });

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const measure = () => {
      const offset = rowsRef.current?.offsetTop ?? 0;
      setViewport({ top: Math.max(0, scroller.scrollTop - offset), height: scroller.clientHeight });
    };
    measure();
    scroller.addEventListener("scroll", measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    return () => {
      scroller.removeEventListener("scroll", measure);
      observer.disconnect();
    };
  }, [scrollRef, rowsRef]);

  const start = Math.max(0, Math.floor(viewport.top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan);

  const scrollToIndex = useCallback(
    (index: number) => {
      const scroller = scrollRef.current;
      if (!scroller) return;
      const offset = rowsRef.current?.offsetTop ?? 0;
      const rowTop = index * rowHeight;
      const visibleTop = scroller.scrollTop;
      const visibleBottom = scroller.scrollTop + scroller.clientHeight - offset;
      if (rowTop < visibleTop) scroller.scrollTop = rowTop;
      else if (rowTop + rowHeight > visibleBottom) scroller.scrollTop = rowTop + rowHeight - (scroller.clientHeight - offset);
    },
    [scrollRef, rowsRef, rowHeight],
  );

  return { start, end, totalHeight: count * rowHeight, scrollToIndex };
}
