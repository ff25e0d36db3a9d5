"use client";

import { memo } from "react";
import { NodeThumbnail } from "@/components/drive/node-thumbnail";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { RowMarks } from "@/components/drive/quick/node-marks";
import { DesktopCell, nodeRowProps, RowCheckbox, RowMenuButton, rowTone, useRowFocusRelease } from "@/components/drive/row-parts";
import { cn } from "@/components/ui/cn";
import type { NodeView } from "@/lib/client/api-types";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

export const LIST_COLUMNS = "grid grid-cols-[2.75rem_minmax(0,1fr)_2.75rem] md:grid-cols-[2.75rem_minmax(0,1fr)_7rem_11rem_2.75rem]";

type NodeRowProps = {
  node: NodeView;
  top: number;
  height: number;
  selected: boolean;
  focused: boolean;
  dropTarget: boolean;
  callbacks: RowCallbacks;
};

/**
 * One row of the list view. Placed absolutely with a fixed height and `contain: strict`: a row scrolled into view is
 * laid out alone (its focus outline and drop ring are drawn inside it, as paint is clipped to the row).
 */
export const NodeRow = memo(function NodeRow({ node, top, height, selected, focused, dropTarget, callbacks }: NodeRowProps) {
  const locale = useLocale();
  const ref = useRowFocusRelease(node.id);
  const size = formatBytes(node.size, locale);
  const modified = formatShortDateTime(node.mtime, locale);

  return (
    <div
      ref={ref}
      role="row"
      {...nodeRowProps(node, selected, callbacks)}
      style={{ top, height, contain: "strict" }}
      className={cn(
        LIST_COLUMNS,
        "group absolute inset-x-0 items-center border-b border-zinc-100 text-sm select-none dark:border-zinc-800/70",
        rowTone(selected),
        focused && "outline-2 -outline-offset-2 outline-brand-400/60",
        dropTarget && "bg-brand-100 ring-2 ring-brand-500 ring-inset dark:bg-brand-900/60",
      )}
    >
      <RowCheckbox cell name={node.name} selected={selected} onToggle={() => callbacks.onToggle(node)} className="flex justify-center" />
      <div role="gridcell" className="flex min-w-0 items-center gap-3 pr-2">
        <NodeThumbnail node={node} />
        <div className="min-w-0">
          <p className="truncate font-medium text-zinc-900 dark:text-zinc-100" title={node.name} data-testid="node-name">
            {node.name}
          </p>
          <p className="truncate text-xs text-zinc-500 md:hidden dark:text-zinc-400">
            {size} · {modified}
          </p>
        </div>
        <RowMarks nodeId={node.id} className="ml-auto" />
      </div>
      <DesktopCell className="pr-4 text-right tabular-nums" data-testid="node-size">
        {size}
      </DesktopCell>
      <DesktopCell className="truncate pr-2" data-testid="node-modified">
        {modified}
      </DesktopCell>
      <div role="gridcell" className="flex justify-center">
        <RowMenuButton node={node} selected={selected} callbacks={callbacks} className="p-1.5 hover:text-zinc-900 dark:hover:text-zinc-100" />
      </div>
    </div>
  );
});
