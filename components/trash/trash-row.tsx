"use client";

import { memo, type MouseEvent } from "react";
import { NodeIcon } from "@/components/drive/node-icon";
import { DesktopCell, rowAttributes, RowCheckbox, rowTone } from "@/components/drive/row-parts";
import { cn } from "@/components/ui/cn";
import type { TrashEntry } from "@/lib/client/api-types";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

export const TRASH_COLUMNS = "grid grid-cols-[2.75rem_minmax(0,1fr)] md:grid-cols-[2.75rem_minmax(0,1fr)_minmax(0,14rem)_11rem_7rem]";

/** "/photos/2024/a.jpg" or "photos/2024" → "My files / photos / 2024" (without the item's own name). */
export function locationLabel(entry: TrashEntry, rootName: string) {
  const parts = entry.originalPath.split("/").filter(Boolean);
  if (parts[parts.length - 1] === entry.name) parts.pop();
  return [rootName, ...parts].join(" / ");
}

type TrashRowProps = {
  entry: TrashEntry;
  top: number;
  height: number;
  selected: boolean;
  onClick: (event: MouseEvent, entry: TrashEntry) => void;
  onToggle: (entry: TrashEntry) => void;
};

export const TrashRow = memo(function TrashRow({ entry, top, height, selected, onClick, onToggle }: TrashRowProps) {
  const t = useT();
  const locale = useLocale();
  const location = locationLabel(entry, t("nav.myFiles"));
  const deleted = formatShortDateTime(entry.trashedAt, locale);
  return (
    <div
      role="row"
      {...rowAttributes(entry, selected)}
      data-trash
      onClick={(event) => onClick(event, entry)}
      style={{ top, height }}
      className={cn(
        TRASH_COLUMNS,
        "absolute inset-x-0 items-center border-b border-zinc-100 text-sm select-none dark:border-zinc-800/70",
        rowTone(selected),
      )}
    >
      <RowCheckbox cell name={entry.name} selected={selected} onToggle={() => onToggle(entry)} className="flex justify-center" />
      <div role="gridcell" className="flex min-w-0 items-center gap-3 pr-3">
        <NodeIcon node={entry} />
        <div className="min-w-0">
          <p className="truncate font-medium" title={entry.name}>
            {entry.name}
          </p>
          <p className="truncate text-xs text-zinc-500 md:hidden dark:text-zinc-400">
            {entry.originalExists ? location : t("trash.originalGone")} · {deleted}
          </p>
        </div>
      </div>
      <DesktopCell className="truncate pr-3" title={entry.originalExists ? location : t("trash.originalGone")} data-testid="trash-location">
        {location}
        {!entry.originalExists && (
          <span className="block truncate text-xs text-amber-700 dark:text-amber-400" data-testid="trash-original-gone">
            {t("trash.originalGone")}
          </span>
        )}
      </DesktopCell>
      <DesktopCell className="truncate pr-3" data-testid="trash-deleted-at">
        {deleted}
      </DesktopCell>
      <DesktopCell className="pr-4 text-right tabular-nums">{formatBytes(entry.size, locale)}</DesktopCell>
    </div>
  );
});
