"use client";

import { useState } from "react";
import { ArrowDownWideNarrow, ArrowUpNarrowWide, Check } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { Menu, MenuItem, MenuLabel } from "@/components/ui/menu";
import type { SortField, SortOrder } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

const FIELDS: Array<{ field: SortField; key: "drive.column.name" | "drive.column.size" | "drive.column.modified" }> = [
  { field: "name", key: "drive.column.name" },
  { field: "size", key: "drive.column.size" },
  { field: "mtime", key: "drive.column.modified" },
];

/** Sorting for layouts without clickable column headers (phones, grid view). */
export function SortMenu({ sort, order, onSort, className }: { sort: SortField; order: SortOrder; onSort: (field: SortField) => void; className?: string }) {
  const t = useT();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const Icon = order === "asc" ? ArrowUpNarrowWide : ArrowDownWideNarrow;
  return (
    <>
      <IconButton size="sm" label={t("drive.sortBy")} className={className} aria-haspopup="menu" onClick={(event) => setAnchor(event.currentTarget)} data-testid="sort-menu">
        <Icon className="size-4" aria-hidden />
      </IconButton>
      <Menu anchor={anchor} onClose={() => setAnchor(null)} label={t("drive.sortBy")} align="end">
        <MenuLabel>{t("drive.sortBy")}</MenuLabel>
        {FIELDS.map(({ field, key }) => (
          <MenuItem key={field} icon={sort === field ? <Check /> : null} onSelect={() => onSort(field)}>
            {t(key)}
            {sort === field && <span className="ml-1 text-xs text-zinc-500">({t(order === "asc" ? "drive.sortAscending" : "drive.sortDescending")})</span>}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
