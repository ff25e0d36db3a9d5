"use client";

import { useCallback, useMemo, useRef, useState } from "react";

type Identified = { id: number };
export type ClickModifiers = { shift: boolean; toggle: boolean };

/**
 * File-manager selection over the loaded items: click selects one, Ctrl/Cmd-click toggles,
 * Shift-click selects the range from the last clicked item.
 */
export function useSelection<T extends Identified>(items: T[]) {
  const [selectedIds, setSelectedIds] = useState<Set<number>>(() => new Set());
  const anchorId = useRef<number | null>(null);
  const [focusIndex, setFocusIndex] = useState(-1);

  const selected = useMemo(() => items.filter((item) => selectedIds.has(item.id)), [items, selectedIds]);

  const click = useCallback(
    (id: number, { shift, toggle }: ClickModifiers) => {
      const index = items.findIndex((item) => item.id === id);
      setFocusIndex(index);
      if (shift && anchorId.current !== null) {
        const anchor = items.findIndex((item) => item.id === anchorId.current);
        const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
        const range = items.slice(Math.max(0, from), to + 1).map((item) => item.id);
        setSelectedIds((current) => new Set(toggle ? [...current, ...range] : range));
        return;
      }
      anchorId.current = id;
      if (toggle) {
        setSelectedIds((current) => {
          const next = new Set(current);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        });
      } else {
        setSelectedIds(new Set([id]));
      }
    },
    [items],
  );

  /** Keyboard: move the focus up or down, extending the selection with Shift. */
  const moveFocus = useCallback(
    (delta: number, extend: boolean) => {
      if (items.length === 0) return -1;
      const next = Math.min(items.length - 1, Math.max(0, focusIndex + delta));
      click(items[next].id, { shift: extend, toggle: false });
      return next;
    },
    [items, focusIndex, click],
  );

  const selectOnly = useCallback(
    (id: number) => {
      anchorId.current = id;
      setFocusIndex(items.findIndex((item) => item.id === id));
      setSelectedIds(new Set([id]));
    },
    [items],
  );
  const selectAll = useCallback(() => setSelectedIds(new Set(items.map((item) => item.id))), [items]);
  const clear = useCallback(() => setSelectedIds(new Set()), []);

  return { selectedIds, selected, click, toggle: (id: number) => click(id, { shift: false, toggle: true }), selectOnly, selectAll, clear, moveFocus, focusIndex };
}
