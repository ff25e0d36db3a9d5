"use client";

import { useEffect, useRef, useState, type MouseEvent, type RefObject } from "react";
import { ArchiveRestore, FolderInput, Trash2, X } from "lucide-react";
import { FolderPickerDialog } from "@/components/drive/folder-picker-dialog";
import { targetsOf } from "@/components/drive/node-targets";
import { useSelection } from "@/components/drive/use-selection";
import { PageHeader } from "@/components/shell/page-header";
import { TRASH_COLUMNS, TrashRow } from "@/components/trash/trash-row";
import { useTrash } from "@/components/trash/use-trash";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import type { TrashEntry } from "@/lib/client/api-types";
import { DESKTOP_QUERY, useMediaQuery } from "@/lib/client/use-media-query";
import { useVirtualWindow } from "@/lib/client/use-virtual-window";
import { useT } from "@/lib/i18n/provider";
import { useTeamOfSpace } from "@/lib/client/use-teams";
import { useMe } from "@/lib/client/use-me";

const NO_TARGETS = targetsOf([]);

/**
 * /trash: what was deleted, where it was, when; restore a selection (where it was, or into a chosen folder, which is
 * asked for when an original folder is gone), delete a selection for good, or empty everything. /trash?space=N: a team's.
 */
export function TrashView({ spaceId }: { spaceId?: number }) {
  const t = useT();
  const { trash, items, restore, remove, empty } = useTrash(spaceId);
  const team = useTeamOfSpace(spaceId);
  const me = useMe();
  const rootId = spaceId ? team?.rootId : me.data?.space.rootId;
  const [choosing, setChoosing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const title = team ? `${t("trash.title")} · ${team.name}` : t("trash.title");
  const selection = useSelection(items);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const lastPointer = useRef("mouse");
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`;
  }, [t, title]);

  const onRowClick = (event: MouseEvent, entry: TrashEntry) => {
    const toggle = event.metaKey || event.ctrlKey || lastPointer.current === "touch";
    selection.click(entry.id, { shift: event.shiftKey, toggle });
  };
  const selectedCount = selection.count;
  const allSelected = selection.allSelected;

  return (
    <>
      <PageHeader
        title={<h1 className="px-1.5 text-base font-semibold">{title}</h1>}
        actions={
          <>
            <Button
              variant="primary"
              disabled={selectedCount === 0 || restore.isPending}
              onClick={() =>
                selection.selected.some((entry) => !entry.originalExists)
                  ? setChoosing(true)
                  : restore.mutate({ ids: selection.selected.map((entry) => entry.id) }, { onSuccess: selection.clear })
              }
              icon={restore.isPending ? <Spinner /> : <ArchiveRestore className="size-4" aria-hidden />}
              data-testid="restore"
            >
              {selectedCount > 0 ? t("trash.restoreSelected", { count: selectedCount }) : t("action.restore")}
            </Button>
            <Button variant="secondary" disabled={selectedCount === 0 || rootId === undefined} onClick={() => setChoosing(true)} icon={<FolderInput className="size-4" aria-hidden />} title={t("trash.restoreTo")} data-testid="restore-to">
              <span className="sr-only sm:not-sr-only">{t("trash.restoreTo")}</span>
            </Button>
            <Button variant="secondary" disabled={selectedCount === 0} onClick={() => setConfirmDelete(true)} icon={<X className="size-4" aria-hidden />} title={t("trash.deleteSelected", { count: selectedCount })} data-testid="delete-forever">
              <span className="sr-only sm:not-sr-only">{t("trash.deleteSelected", { count: selectedCount })}</span>
            </Button>
            <Button variant="secondary" disabled={items.length === 0} onClick={() => setConfirmEmpty(true)} icon={<Trash2 className="size-4" aria-hidden />} data-testid="empty-trash">
              <span className="sr-only sm:not-sr-only">{t("action.emptyTrash")}</span>
            </Button>
          </>
        }
      />
      <p className="border-b border-zinc-200 px-4 py-2 text-xs text-zinc-500 sm:px-6 dark:border-zinc-800 dark:text-zinc-400">{t("trash.subtitle")}</p>
      <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-y-auto pb-24" onPointerDown={(event) => (lastPointer.current = event.pointerType)}>
        {trash.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : trash.isError ? (
          <ErrorState title={t("trash.errorTitle")} message={errorMessage(trash.error, t("common.unknownError"))} onRetry={() => void trash.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState icon={<Trash2 className="size-7" aria-hidden />} title={t("trash.emptyTitle")} hint={t("trash.emptyHint")} />
        ) : (
          <TrashTable
            items={items}
            isSelected={selection.isSelected}
            allSelected={allSelected}
            someSelected={selectedCount > 0}
            onSelectAll={() => (allSelected ? selection.clear() : selection.selectAll())}
            onRowClick={onRowClick}
            onToggle={(entry) => selection.toggle(entry.id)}
            scrollRef={scrollRef}
          />
        )}
      </div>
      <ConfirmDialog
        open={confirmEmpty}
        danger
        title={t("trash.emptyConfirmTitle")}
        body={t("trash.emptyConfirmBody", { count: items.length })}
        confirmLabel={t("trash.emptyConfirm")}
        confirmTestId="confirm-empty-trash"
        busy={empty.isPending}
        onClose={() => setConfirmEmpty(false)}
        onConfirm={() => empty.mutate(undefined, { onSettled: () => setConfirmEmpty(false), onSuccess: selection.clear })}
      />
      <ConfirmDialog
        open={confirmDelete}
        danger
        title={t("trash.deleteConfirmTitle", { count: selectedCount })}
        body={t("trash.deleteConfirmBody")}
        confirmLabel={t("trash.emptyConfirm")}
        confirmTestId="confirm-delete-forever"
        busy={remove.isPending}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() => remove.mutate(selection.selected.map((entry) => entry.id), { onSettled: () => setConfirmDelete(false), onSuccess: selection.clear })}
      />
      {choosing && rootId !== undefined && (
        <FolderPickerDialog
          mode="choose"
          targets={NO_TARGETS}
          rootId={rootId}
          rootName={team?.name}
          onClose={() => setChoosing(false)}
          onConfirm={(target) =>
            restore.mutateAsync({ ids: selection.selected.map((entry) => entry.id), targetId: target.id }).then(() => {
              selection.clear();
              setChoosing(false);
            })
          }
        />
      )}
    </>
  );
}

type TrashTableProps = {
  items: TrashEntry[];
  isSelected: (id: number) => boolean;
  allSelected: boolean;
  someSelected: boolean;
  onSelectAll: () => void;
  onRowClick: (event: MouseEvent, entry: TrashEntry) => void;
  onToggle: (entry: TrashEntry) => void;
  scrollRef: RefObject<HTMLDivElement | null>;
};

function TrashTable({ items, isSelected, allSelected, someSelected, onSelectAll, onRowClick, onToggle, scrollRef }: TrashTableProps) {
  const t = useT();
  const rowsRef = useRef<HTMLDivElement>(null);
  const rowHeight = useMediaQuery(DESKTOP_QUERY, true) ? 48 : 60;
  const { start, end, totalHeight } = useVirtualWindow({ count: items.length, rowHeight, scrollRef, rowsRef });
  const header = "text-xs font-medium tracking-wide text-zinc-500 uppercase";

  return (
    <div role="grid" aria-label={t("trash.list")} aria-multiselectable data-testid="trash-list">
      <div role="row" className={cn(TRASH_COLUMNS, "sticky top-0 z-10 h-11 items-center border-b border-zinc-200 bg-white/95 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95")}>
        <div role="columnheader" className="flex justify-center">
          <Checkbox label={t("drive.selectAll")} checked={allSelected} indeterminate={someSelected && !allSelected} onChange={onSelectAll} data-testid="select-all" />
        </div>
        <div role="columnheader" className={header}>{t("drive.column.name")}</div>
        <div role="columnheader" className={cn(header, "hidden md:block")}>{t("trash.originalLocation")}</div>
        <div role="columnheader" className={cn(header, "hidden md:block")}>{t("trash.deletedAt")}</div>
        <div role="columnheader" className={cn(header, "hidden pr-4 text-right md:block")}>{t("drive.column.size")}</div>
      </div>
      <div ref={rowsRef} role="rowgroup" className="relative" style={{ height: totalHeight }}>
        {items.slice(start, end).map((entry, offset) => (
          <TrashRow
            key={entry.id}
            entry={entry}
            top={(start + offset) * rowHeight}
            height={rowHeight}
            selected={isSelected(entry.id)}
            onClick={onRowClick}
            onToggle={onToggle}
          />
        ))}
      </div>
    </div>
  );
}
