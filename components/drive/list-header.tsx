"use client";

import { ArrowDown, ArrowUp } from "lucide-react";
import { LIST_COLUMNS } from "@/components/drive/node-row";
import { SelectionBar, type BatchAction, type BatchRights } from "@/components/drive/selection-bar";
import { SortMenu } from "@/components/drive/sort-menu";
import { cn } from "@/components/ui/cn";
import { Checkbox } from "@/components/ui/checkbox";
import type { SortField, SortOrder } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

type ListHeaderProps = {
  sort: SortField;
  order: SortOrder;
  onSort: (field: SortField) => void;
  total: number;
  selectedCount: number;
  onSelectAll: (all: boolean) => void;
  onAction: (action: BatchAction) => void;
  /** The batch actions the selected items allow. */
  rights: BatchRights;
  /** Instead of "N selected", e.g. "All N items selected" when that goes beyond the loaded rows. */
  selectionLabel?: string;
  /** The grid view has no columns: only select-all and the sort menu. */
  variant: "list" | "grid";
};

export const LIST_HEADER_HEIGHT = 44;

/** Sticky first row of the list: column headers that sort, or the batch actions while something is selected. */
export function ListHeader({ sort, order, onSort, total, selectedCount, onSelectAll, onAction, rights, selectionLabel, variant }: ListHeaderProps) {
  const t = useT();
  const allSelected = total > 0 && selectedCount === total;

  const column = (field: SortField, label: string, className?: string) => (
    <div role="columnheader" aria-sort={sort === field ? (order === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <button
        type="button"
        onClick={() => onSort(field)}
        data-testid={`sort-${field}`}
        className={cn(
          "inline-flex items-center gap-1 rounded-md px-1 py-1 text-xs font-medium tracking-wide uppercase hover:text-zinc-900 dark:hover:text-zinc-100",
          sort === field ? "text-zinc-900 dark:text-zinc-100" : "text-zinc-500",
        )}
      >
        {label}
        {sort === field && (order === "asc" ? <ArrowUp className="size-3.5" aria-hidden /> : <ArrowDown className="size-3.5" aria-hidden />)}
      </button>
    </div>
  );

  return (
    <div
      role="row"
      style={{ height: LIST_HEADER_HEIGHT }}
      className={cn(
        variant === "list" ? LIST_COLUMNS : "grid grid-cols-[2.75rem_minmax(0,1fr)_2.75rem]",
        "sticky top-0 z-10 items-center border-b border-zinc-200 backdrop-blur dark:border-zinc-800",
        selectedCount > 0 ? "bg-brand-50/95 dark:bg-brand-950/80" : "bg-white/95 dark:bg-zinc-950/95",
      )}
    >
      <div role="columnheader" className="flex justify-center">
        <Checkbox
          label={t("drive.selectAll")}
          checked={allSelected}
          indeterminate={selectedCount > 0 && !allSelected}
          disabled={total === 0}
          onChange={() => onSelectAll(!allSelected)}
          data-testid="select-all"
        />
      </div>
      {selectedCount > 0 ? (
        <div className={cn("col-span-2 flex min-w-0 pr-2", variant === "list" && "md:col-span-4")}>
          <SelectionBar count={selectedCount} label={selectionLabel} rights={rights} onAction={onAction} onClear={() => onSelectAll(false)} />
        </div>
      ) : (
        <>
          <div className="flex items-center justify-between">
            {column("name", t("drive.column.name"), "-ml-1")}
          </div>
          {variant === "list" && column("size", t("drive.column.size"), "hidden justify-self-end pr-3 md:block")}
          {variant === "list" && column("mtime", t("drive.column.modified"), "hidden md:block")}
          <div className="flex justify-center">
            <SortMenu sort={sort} order={order} onSort={onSort} className={variant === "list" ? "md:hidden" : undefined} />
          </div>
        </>
      )}
    </div>
  );
}
