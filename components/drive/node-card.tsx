"use client";

import { memo } from "react";
import { NodeIcon } from "@/components/drive/node-icon";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { RowMarks } from "@/components/drive/quick/node-marks";
import { nodeRowProps, RowCheckbox, RowMenuButton } from "@/components/drive/row-parts";
import { cn } from "@/components/ui/cn";
import type { NodeView } from "@/lib/client/api-types";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

type NodeCardProps = { node: NodeView; selected: boolean; focused: boolean; dropTarget: boolean; callbacks: RowCallbacks };

/** One item in the grid view; behaves exactly like a list row. */
export const NodeCard = memo(function NodeCard({ node, selected, focused, dropTarget, callbacks }: NodeCardProps) {
  const locale = useLocale();
  return (
    <div
      role="gridcell"
      {...nodeRowProps(node, selected, callbacks)}
      className={cn(
        "group relative flex h-full flex-col items-center rounded-xl border p-3 text-center select-none",
        selected
          ? "border-brand-300 bg-brand-50 dark:border-brand-700 dark:bg-brand-950/50"
          : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900",
        focused && "outline-2 outline-brand-400/60",
        dropTarget && "bg-brand-100 ring-2 ring-brand-500 dark:bg-brand-900/60",
      )}
    >
      <RowCheckbox
        name={node.name}
        selected={selected}
        onToggle={() => callbacks.onToggle(node)}
        className={cn("absolute top-2 left-2", !selected && "pointer-fine:opacity-0 pointer-fine:group-hover:opacity-100")}
      />
      <RowMenuButton node={node} selected={selected} callbacks={callbacks} className="absolute top-1.5 right-1.5 p-1" />
      <RowMarks nodeId={node.id} className="absolute top-2.5 left-1/2 -translate-x-1/2" />
      <div className="flex flex-1 items-center justify-center py-2">
        <NodeIcon node={node} className="size-12 stroke-[1.25]" />
      </div>
      <p className="line-clamp-2 w-full text-sm font-medium break-words" title={node.name} data-testid="node-name">
        {node.name}
      </p>
      <p className="mt-0.5 w-full truncate text-xs text-zinc-500 dark:text-zinc-400">
        {node.isFolder ? formatShortDateTime(node.mtime, locale) : formatBytes(node.size, locale)}
      </p>
    </div>
  );
});
