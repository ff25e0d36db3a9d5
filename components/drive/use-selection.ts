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
  /** The keyboard cursor (arrow keys); null after a mouse click, so no ring is drawn then. */
  const [cursorId, setCursorId] = useState<number | null>(null);
  const cursorIndex = useMemo(() => (cursorId === null ? -1 : items.findIndex((item) => item.id === cursorId)), [items, cursorId]);

  const selected = useMemo(() => items.filter((item) => selectedIds.has(item.id)), [items, selectedIds]);

  const click = useCallback(
    (id: number, { shift, toggle }: ClickModifiers) => {
      const index = items.findIndex((item) => item.id === id);
      setCursorId(null);
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
      if (items.length === 0) return;
      const from = cursorIndex >= 0 ? cursorIndex : items.findIndex((item) => item.id === anchorId.current);
      const next = from < 0 ? 0 : Math.min(items.length - 1, Math.max(0, from + delta));
      click(items[next].id, { shift: extend, toggle: false });
      setCursorId(items[next].id);
    },
    [items, cursorIndex, click],
  );

  const selectOnly = useCallback(
    (id: number) => {
      anchorId.current = id;
      setCursorId(null);
      setSelectedIds(new Set([id]));
    },
    [],
  );
  const selectAll = useCallback(() => setSelectedIds(new Set(items.map((item) => item.id))), [items]);
  const clear = useCallback(() => setSelectedIds(new Set()), []);

  return { selectedIds, selected, click, toggle: (id: number) => click(id, { shift: false, toggle: true }), selectOnly, selectAll, clear, moveFocus, focusIndex: cursorIndex };
}
