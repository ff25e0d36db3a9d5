"use client";

import { memo } from "react";
import { Ellipsis } from "lucide-react";
import { NodeIcon } from "@/components/drive/node-icon";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import { cn } from "@/components/ui/cn";
import { Checkbox } from "@/components/ui/checkbox";
import type { NodeView } from "@/lib/client/api-types";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

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

export const NodeRow = memo(function NodeRow({ node, top, height, selected, focused, dropTarget, callbacks }: NodeRowProps) {
  const t = useT();
  const locale = useLocale();
  const size = formatBytes(node.size, locale);
  const modified = formatShortDateTime(node.mtime, locale);

  return (
    <div
      role="row"
      aria-selected={selected}
      data-testid="node-row"
      data-name={node.name}
      data-id={node.id}
      data-folder={node.isFolder || undefined}
      data-selected={selected || undefined}
      onPointerDown={(event) => callbacks.onPointerDown(event.pointerType)}
      onClick={(event) => callbacks.onClick(event, node)}
      onDoubleClick={() => callbacks.onDoubleClick(node)}
      onContextMenu={(event) => callbacks.onContextMenu(event, node)}
      onDragOver={node.isFolder ? (event) => callbacks.onFileDragOver(event, node) : undefined}
      onDrop={node.isFolder ? (event) => callbacks.onFileDrop(event, node) : undefined}
      style={{ top, height }}
      className={cn(
        LIST_COLUMNS,
        "group absolute inset-x-0 items-center border-b border-zinc-100 text-sm select-none dark:border-zinc-800/70",
        selected ? "bg-brand-50 dark:bg-brand-950/50" : "hover:bg-zinc-50 dark:hover:bg-zinc-900",
        focused && "outline-2 -outline-offset-2 outline-brand-400/60",
        dropTarget && "bg-brand-100 ring-2 ring-brand-500 ring-inset dark:bg-brand-900/60",
      )}
    >
      <div role="gridcell" className="flex justify-center" onClick={(event) => event.stopPropagation()} onDoubleClick={(event) => event.stopPropagation()}>
        <Checkbox label={t("drive.selectItem", { name: node.name })} checked={selected} onChange={() => callbacks.onToggle(node)} data-testid="row-checkbox" />
      </div>
      <div role="gridcell" className="flex min-w-0 items-center gap-3 pr-2">
        <NodeIcon node={node} />
        <div className="min-w-0">
          <p className="truncate font-medium text-zinc-900 dark:text-zinc-100" title={node.name} data-testid="node-name">
            {node.name}
          </p>
          <p className="truncate text-xs text-zinc-500 md:hidden dark:text-zinc-400">
            {size} · {modified}
          </p>
        </div>
      </div>
      <div role="gridcell" className="hidden pr-4 text-right text-zinc-600 tabular-nums md:block dark:text-zinc-400" data-testid="node-size">
        {size}
      </div>
      <div role="gridcell" className="hidden truncate pr-2 text-zinc-600 md:block dark:text-zinc-400" data-testid="node-modified">
        {modified}
      </div>
      <div role="gridcell" className="flex justify-center">
        <button
          type="button"
          aria-label={t("common.moreActions", { name: node.name })}
          aria-haspopup="menu"
          data-testid="row-menu"
          onClick={(event) => {
            event.stopPropagation();
            callbacks.onMenuButton(event.currentTarget, node);
          }}
          onDoubleClick={(event) => event.stopPropagation()}
          className={cn(
            "rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-zinc-100",
            !selected && "pointer-fine:opacity-0 pointer-fine:group-hover:opacity-100",
          )}
        >
          <Ellipsis className="size-4" aria-hidden />
        </button>
      </div>
    </div>
  );
});
