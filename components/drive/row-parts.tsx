"use client";

import { useLayoutEffect, useRef, type DragEvent, type HTMLAttributes, type MouseEvent } from "react";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { cn } from "@/components/ui/cn";
import { Checkbox } from "@/components/ui/checkbox";
import type { NodeView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

/** The attributes every selectable row carries (the e2e tests find rows by them). */
export function rowAttributes(item: { id: number; name: string }, selected: boolean) {
  return {
    "aria-selected": selected,
    "data-testid": "node-row",
    "data-name": item.name,
    "data-id": item.id,
    "data-selected": selected || undefined,
  };
}

/** Background of a list row: highlighted when selected, else on hover. */
export function rowTone(selected: boolean) {
  return selected ? "bg-brand-50 dark:bg-brand-950/50" : "hover:bg-zinc-50 dark:hover:bg-zinc-900";
}

/**
 * The ref for a row's element. A virtual list hands a row's elements to the item scrolled in (keyed by slot): when this
 * row starts showing another item, focus held by a control inside it (its checkbox, its menu button) is let go, as it
 * would be if the row had been removed, so a keypress never acts on an item the user did not focus.
 */
export function useRowFocusRelease(itemId: number) {
  const ref = useRef<HTMLDivElement>(null);
  const shown = useRef(itemId);
  useLayoutEffect(() => {
    if (shown.current === itemId) return;
    shown.current = itemId;
    const active = document.activeElement;
    if (active instanceof HTMLElement && ref.current?.contains(active)) active.blur();
  }, [itemId]);
  return ref;
}

/** Attributes and handlers shared by a list row and a grid card: they behave the same. */
export function nodeRowProps(node: NodeView, selected: boolean, callbacks: RowCallbacks) {
  return {
    ...rowAttributes(node, selected),
    "data-folder": node.isFolder || undefined,
    onPointerDown: (event: { pointerType: string }) => callbacks.onPointerDown(event.pointerType),
    onClick: (event: MouseEvent) => callbacks.onClick(event, node),
    onDoubleClick: () => callbacks.onDoubleClick(node),
    onContextMenu: (event: MouseEvent) => callbacks.onContextMenu(event, node),
    onDragOver: node.isFolder ? (event: DragEvent) => callbacks.onFileDragOver(event, node) : undefined,
    onDrop: node.isFolder ? (event: DragEvent) => callbacks.onFileDrop(event, node) : undefined,
    draggable: true,
    onDragStart: (event: DragEvent) => callbacks.onRowDragStart(event, node),
    onDragEnd: () => callbacks.onRowDragEnd(),
    onDragLeave: node.isFolder ? () => callbacks.onRowDragLeave(node) : undefined,
  };
}

/** A cell only wide screens show (size, dates, location); phones fold it into the line under the name. */
export function DesktopCell({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div role="gridcell" className={cn("hidden text-zinc-600 md:block dark:text-zinc-400", className)} {...rest} />;
}

const stop = (event: MouseEvent) => event.stopPropagation();

/** The row's own checkbox; clicks on it don't reach the row (no select-only, no open on double click). */
export function RowCheckbox({ name, selected, onToggle, className, cell }: { name: string; selected: boolean; onToggle: () => void; className: string; cell?: boolean }) {
  const t = useT();
  return (
    <div role={cell ? "gridcell" : undefined} className={className} onClick={stop} onDoubleClick={stop}>
      <Checkbox label={t("drive.selectItem", { name })} checked={selected} onChange={onToggle} data-testid="row-checkbox" />
    </div>
  );
}

/** "…" opening the row's menu; on mouse devices it shows on hover or when the row is selected. */
export function RowMenuButton({ node, selected, callbacks, className }: { node: NodeView; selected: boolean; callbacks: RowCallbacks; className: string }) {
  const t = useT();
  return (
    <button
      type="button"
      aria-label={t("common.moreActions", { name: node.name })}
      aria-haspopup="menu"
      data-testid="row-menu"
      onClick={(event) => {
        event.stopPropagation();
        callbacks.onMenuButton(event.currentTarget, node);
      }}
      onDoubleClick={stop}
      className={cn(
        "rounded-lg text-zinc-500 hover:bg-zinc-200/70 focus-visible:opacity-100 dark:hover:bg-zinc-700",
        className,
        !selected && "pointer-fine:opacity-0 pointer-fine:group-hover:opacity-100",
      )}
    >
      <span className="icon-ellipsis size-4" aria-hidden />
    </button>
  );
}
