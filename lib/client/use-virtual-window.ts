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
  // The rows in view, not the pixel offset: a scroll within one row changes nothing, so it renders nothing.
  const [visible, setVisible] = useState({ first: 0, last: Math.ceil(800 / rowHeight) });

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const measure = () => {
      const top = Math.max(0, scroller.scrollTop - (rowsRef.current?.offsetTop ?? 0));
      const first = Math.floor(top / rowHeight);
      const last = Math.ceil((top + scroller.clientHeight) / rowHeight);
      setVisible((was) => (was.first === first && was.last === last ? was : { first, last }));
    };
    measure();
    scroller.addEventListener("scroll", measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    return () => {
      scroller.removeEventListener("scroll", measure);
      observer.disconnect();
    };
  }, [scrollRef, rowsRef, rowHeight]);

  const start = Math.max(0, visible.first - overscan);
  const end = Math.min(count, visible.last + overscan);

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
