"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

type VirtualWindowOptions = {
  count: number;
  rowHeight: number;
  /** The element that scrolls (must be `position: relative` so offsetTop is measured against it). */
  scrollRef: RefObject<HTMLElement | null>;
  /** The element holding the rows; anything above it inside the scroller (a sticky header) is accounted for. */
  rowsRef: RefObject<HTMLElement | null>;
  overscan?: number;
};

/** Scrolling faster than this (px per ms, ~2 screens a second) is a fling: see `flinging`. */
const FLING_SPEED = 1.5;
/** A fling ends this long after the last fast scroll event. */
const FLING_SETTLE_MS = 150;

/** What the scroll handler needs besides scrollTop, measured when sizes change (never per scroll event). */
type Geometry = { offset: number; viewport: number };

/**
 * Fixed-height row virtualization: only the rows in view (plus a margin) are rendered, so a folder with
 * 100,000 entries costs the same as one with 50.
 *
 * The scroll handler reads scrollTop and nothing else: the rows' offset in the scroller and the scroller's height are
 * measured by a ResizeObserver (after layout, so the reads cost nothing) when the scroller, the rows or what sits
 * above them change size. Reading offsetTop/clientHeight per scroll event made every frame lay out the rows just
 * rendered a second time.
 */
export function useVirtualWindow({ count, rowHeight, scrollRef, rowsRef, overscan = 10 }: VirtualWindowOptions) {
  // The rows in view, not the pixel offset: a scroll within one row changes nothing, so it renders nothing.
  // `span`: the most rows a viewport can show (part rows at both ends), which bounds the window for slotOf.
  const [visible, setVisible] = useState({ first: 0, last: Math.ceil(800 / rowHeight), span: Math.ceil(800 / rowHeight) + 1 });
  const geometry = useRef<Geometry>({ offset: 0, viewport: 800 });
  const [flinging, setFlinging] = useState(false);

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    let last = { top: scroller.scrollTop, at: performance.now() };
    let settle: ReturnType<typeof setTimeout> | undefined;
    const track = () => {
      const now = { top: scroller.scrollTop, at: performance.now() };
      const speed = Math.abs(now.top - last.top) / Math.max(1, now.at - last.at);
      last = now;
      if (speed < FLING_SPEED) return;
      setFlinging(true);
      clearTimeout(settle);
      settle = setTimeout(() => setFlinging(false), FLING_SETTLE_MS);
    };
    const onScroll = () => {
      track();
      update();
    };
    const update = () => {
      const { offset, viewport } = geometry.current;
      const top = Math.max(0, scroller.scrollTop - offset);
      const first = Math.floor(top / rowHeight);
      const last = Math.ceil((top + viewport) / rowHeight);
      const span = Math.ceil(viewport / rowHeight) + 1;
      setVisible((was) => (was.first === first && was.last === last && was.span === span ? was : { first, last, span }));
    };
    const measure = () => {
      geometry.current = { offset: rowsRef.current?.offsetTop ?? 0, viewport: scroller.clientHeight };
      update();
    };
    measure();
    scroller.addEventListener("scroll", onScroll, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    const rows = rowsRef.current;
    if (rows) {
      observer.observe(rows);
      // A header above the rows growing (a selection bar) moves them without resizing the scroller or the rows.
      for (let above = rows.previousElementSibling; above; above = above.previousElementSibling) observer.observe(above);
    }
    return () => {
      scroller.removeEventListener("scroll", onScroll);
      observer.disconnect();
      clearTimeout(settle);
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

  // At most `slots` consecutive rows are rendered, so index % slots is unique among them: used as the React key, a row
  // scrolled out hands its elements to the row scrolled in (updated, not re-created). Chromium keeps every <img> it
  // ever laid out in a list walked after each layout until a garbage collection, so re-created rows made each frame
  // slower the further a folder of photos was scrolled (118 ms per layout after 20,000 tiles).
  const slots = visible.span + 2 * overscan;
  const slotOf = useCallback((index: number) => index % slots, [slots]);

  // `flinging`: the user scrolls faster than FLING_SPEED (until FLING_SETTLE_MS after it slows). A photo grid then holds
  // back its thumbnails, as photo apps do: fetching and decoding ~250 pictures a second while they fly past costs the
  // frames the scroll needs (on a small machine the server that renders them shares the cores), for pictures nobody sees.
  return { start, end, totalHeight: count * rowHeight, scrollToIndex, slotOf, flinging };
}
