"use client";

import type { ReactNode } from "react";
import { Copy, Download, FolderInput, Trash2, X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { useT } from "@/lib/i18n/provider";

export type BatchAction = "download" | "move" | "copy" | "delete";

function BatchButton({ icon, label, onClick, testId, danger }: { icon: ReactNode; label: string; onClick: () => void; testId: string; danger?: boolean }) {
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={testId}
      title={label}
      className={
        "inline-flex h-8 items-center gap-1.5 rounded-lg px-2 text-sm font-medium hover:bg-white/70 dark:hover:bg-zinc-800 " +
        (danger ? "text-red-600 dark:text-red-400" : "text-zinc-700 dark:text-zinc-200")
      }
    >
      {icon}
      <span className="sr-only lg:not-sr-only">{label}</span>
    </button>
  );
}

/** What the selected items allow (from the rights the server sent with each node). */
export type BatchRights = { move: boolean; delete: boolean };

/** Replaces the column headers while items are selected: count and the batch actions the items allow. */
export function SelectionBar({ count, label, rights, onAction, onClear }: { count: number; label?: string; rights: BatchRights; onAction: (action: BatchAction) => void; onClear: () => void }) {
  const t = useT();
  return (
    <div className="flex min-w-0 flex-1 items-center gap-1" data-testid="selection-bar">
      <span className="mr-auto truncate pl-1 text-sm font-semibold text-brand-800 dark:text-brand-200" data-testid="selection-count">
        {label ?? t("selection.count", { count })}
      </span>
      <BatchButton icon={<Download className="size-4" aria-hidden />} label={t("action.download")} onClick={() => onAction("download")} testId="batch-download" />
      {rights.move && <BatchButton icon={<FolderInput className="size-4" aria-hidden />} label={t("action.move")} onClick={() => onAction("move")} testId="batch-move" />}
      <BatchButton icon={<Copy className="size-4" aria-hidden />} label={t("action.copy")} onClick={() => onAction("copy")} testId="batch-copy" />
      {rights.delete && <BatchButton icon={<Trash2 className="size-4" aria-hidden />} label={t("action.delete")} onClick={() => onAction("delete")} testId="batch-delete" danger />}
      <IconButton size="sm" label={t("selection.clear")} onClick={onClear} data-testid="clear-selection">
        <X className="size-4" aria-hidden />
      </IconButton>
    </div>
  );
}
