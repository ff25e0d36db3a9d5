"use client";

import { memo } from "react";
import { TileThumbnail } from "@/components/drive/node-thumbnail";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { RowMarks } from "@/components/drive/quick/node-marks";
import { nodeRowProps, RowCheckbox, RowMenuButton, useRowFocusRelease } from "@/components/drive/row-parts";
import { cn } from "@/components/ui/cn";
import type { NodeView } from "@/lib/client/api-types";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

type NodeCardProps = {
  node: NodeView;
  /** position in its row and width, in px (the row sets the height) */
  left: number;
  width: number;
  selected: boolean;
  focused: boolean;
  dropTarget: boolean;
  callbacks: RowCallbacks;
  /** true while the grid is flung: a thumbnail not loaded yet waits (see useVirtualWindow's `flinging`) */
  holdThumbnail?: boolean;
};

/**
 * One square tile of the grid view (a photo grid: the thumbnail fills it); behaves exactly like a list row. Placed
 * absolutely with a fixed size and `contain: strict`: a new tile is laid out without its neighbours. Its row clips
 * paint, so the focus outline and the drop ring are drawn inside the tile.
 */
export const NodeCard = memo(function NodeCard({ node, left, width, selected, focused, dropTarget, callbacks, holdThumbnail = false }: NodeCardProps) {
  const locale = useLocale();
  const ref = useRowFocusRelease(node.id);
  return (
    <div
      ref={ref}
      role="gridcell"
      {...nodeRowProps(node, selected, callbacks)}
      style={{ left, width, contain: "strict" }}
      className={cn(
        "group absolute inset-y-0 flex flex-col items-center overflow-hidden rounded-xl border text-center select-none",
        selected
          ? "border-brand-300 bg-brand-50 dark:border-brand-700 dark:bg-brand-950/50"
          : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900",
        focused && "outline-2 -outline-offset-2 outline-brand-400/60",
        dropTarget && "bg-brand-100 ring-2 ring-brand-500 ring-inset dark:bg-brand-900/60",
      )}
    >
      <RowCheckbox
        name={node.name}
        selected={selected}
        onToggle={() => callbacks.onToggle(node)}
        className={cn("absolute top-2 left-2 z-10 flex rounded-md bg-white/80 p-0.5 dark:bg-zinc-900/80", !selected && "pointer-fine:opacity-0 pointer-fine:group-hover:opacity-100")}
      />
      <RowMenuButton node={node} selected={selected} callbacks={callbacks} className="absolute top-1.5 right-1.5 z-10 bg-white/80 p-1 dark:bg-zinc-900/80" />
      <RowMarks nodeId={node.id} className="absolute top-2.5 left-1/2 z-10 -translate-x-1/2" />
      <TileThumbnail node={node} hold={holdThumbnail} />
      <p className="w-full truncate px-2 pt-1.5 text-sm font-medium" title={node.name} data-testid="node-name">
        {node.name}
      </p>
      <p className="w-full truncate px-2 pb-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        {node.isFolder ? formatShortDateTime(node.mtime, locale) : formatBytes(node.size, locale)}
      </p>
    </div>
  );
});
