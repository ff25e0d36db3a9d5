"use client";

import { useCallback, useMemo, useRef, useState } from "react";

type Identified = { id: number };
export type ClickModifiers = { shift: boolean; toggle: boolean };

/**
 * Either these ids, or (after "Select all") every item of the list, also the ones not loaded yet, except these ids.
 * The second form costs nothing however long the list is.
 */
type SelectionState = { all: boolean; ids: ReadonlySet<number> };

const NONE: SelectionState = { all: false, ids: new Set() };
const NO_ITEMS: never[] = [];
const only = (ids: Iterable<number>): SelectionState => ({ all: false, ids: new Set(ids) });
const isIn = (state: SelectionState, id: number) => state.all !== state.ids.has(id);

/** `ids` in or out of the selection. */
function setMany(state: SelectionState, ids: number[], selected: boolean): SelectionState {
  const next = new Set(state.ids);
  // In "all" mode the set holds the exceptions, so selecting removes from it.
  for (const id of ids) if (selected !== state.all) next.add(id);
  else next.delete(id);
  return { all: state.all, ids: next };
}

/**
 * File-manager selection: click selects one, Ctrl/Cmd-click toggles, Shift-click selects the range from the last
 * clicked item. `total` is the length of the whole list when only its first pages are loaded in `items`;
 * "Select all" then covers the rows not loaded yet too.
 */
export function useSelection<T extends Identified>(items: T[], total: number = items.length) {
  const [state, setState] = useState<SelectionState>(NONE);
  const anchorId = useRef<number | null>(null);
  /** The keyboard cursor (arrow keys); null after a mouse click, so no ring is drawn then. */
  const [cursorId, setCursorId] = useState<number | null>(null);
  const cursorIndex = useMemo(() => (cursorId === null ? -1 : items.findIndex((item) => item.id === cursorId)), [items, cursorId]);

  /** The selected items among the loaded ones. */
  // Nothing selected (the common case while pages stream in) costs nothing, however many rows are loaded.
  const selected = useMemo(() => (state === NONE ? NO_ITEMS : items.filter((item) => isIn(state, item.id))), [items, state]);
  const isSelected = useCallback((id: number) => isIn(state, id), [state]);
  /** Exceptions only ever come from loaded rows, so counting the loaded ones left out is exact. */
  const count = state.all ? Math.max(selected.length, total - (items.length - selected.length)) : selected.length;
  const excludedIds = useMemo(() => (state.all ? state.ids : new Set<number>()), [state]);

  const click = useCallback(
    (id: number, { shift, toggle }: ClickModifiers) => {
      const index = items.findIndex((item) => item.id === id);
      setCursorId(null);
      if (shift && anchorId.current !== null) {
        const anchor = items.findIndex((item) => item.id === anchorId.current);
        const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
        const range = items.slice(Math.max(0, from), to + 1).map((item) => item.id);
        setState((current) => (toggle ? setMany(current, range, true) : only(range)));
        return;
      }
      anchorId.current = id;
      if (toggle) setState((current) => setMany(current, [id], !isIn(current, id)));
      else setState(only([id]));
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

  const selectOnly = useCallback((id: number) => {
    anchorId.current = id;
    setCursorId(null);
    setState(only([id]));
  }, []);
  /** Rings an item without selecting it (the row a context menu was opened on). */
  const pointAt = useCallback((id: number) => setCursorId(id), []);
  /** Everything in the list, loaded or not. */
  const selectAll = useCallback(() => setState({ all: true, ids: new Set() }), []);
  const clear = useCallback(() => setState(NONE), []);
  const toggle = useCallback((id: number) => click(id, { shift: false, toggle: true }), [click]);

  return {
    /** The selected loaded items (all of the selection unless `allMode` and rows are still unloaded). */
    selected,
    /** How many are selected, counting rows not loaded yet. */
    count,
    allSelected: total > 0 && count >= total,
    /** "Select all" is on: rows loaded later are selected too, except `excludedIds`. */
    allMode: state.all,
    excludedIds,
    isSelected,
    click,
    toggle,
    selectOnly,
    pointAt,
    selectAll,
    clear,
    moveFocus,
    focusIndex: cursorIndex,
  };
}
