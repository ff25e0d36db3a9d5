"use client";

import { useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { Breadcrumbs } from "@/components/drive/breadcrumbs";
import { DetailsPanel } from "@/components/drive/details-panel";
import { DriveActions } from "@/components/drive/drive-actions";
import { DriveDialogs, type DriveDialogState } from "@/components/drive/drive-dialogs";
import { DropOverlay } from "@/components/drive/drop-overlay";
import { FileViewer } from "@/components/drive/file-viewer";
import { FolderBody } from "@/components/drive/folder-body";
import { ListHeader } from "@/components/drive/list-header";
import { NodeMenu, type NodeCommand, type NodeMenuState } from "@/components/drive/node-menu";
import { selectionTargets, targetsOf, type NodeTargets } from "@/components/drive/node-targets";
import type { RowCallbacks } from "@/components/drive/row-callbacks";
import type { BatchAction } from "@/components/drive/selection-bar";
import { useDriveShortcuts } from "@/components/drive/use-drive-shortcuts";
import { useFileDrop } from "@/components/drive/use-file-drop";
import { useFolderListing } from "@/components/drive/use-folder-listing";
import { useNodeActions } from "@/components/drive/use-node-actions";
import { useSelection } from "@/components/drive/use-selection";
import { useUploadPickers } from "@/components/drive/use-upload-pickers";
import { useViewPreferences } from "@/components/drive/use-view-preferences";
import { PageHeader } from "@/components/shell/page-header";
import { SharedBanner } from "@/components/drive/shared-banner";
import { useSharedPlace } from "@/components/drive/use-shared-place";
import { ResumeBanner } from "@/components/upload/resume-banner";
import type { MenuAnchor } from "@/components/ui/menu";
import type { NodeView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";
import { useTeamOfSpace } from "@/lib/client/use-teams";
import { TeamLinks } from "@/components/teams/team-links";
import { SearchBox } from "@/components/search/search-box";
import { useSelectFromUrl } from "@/components/search/use-select-from-url";
import { NewFileDialog, type NewFileKind } from "@/components/viewer/new-file-dialog";
import { NodeMarksProvider } from "@/components/drive/quick/node-marks";
import { useRowDrag } from "@/components/drive/quick/use-row-drag";
import { useFeedback } from "@/components/ui/use-feedback";

/** One open folder: header, list or grid, selection, menus, dialogs, drop zone and details panel. */
export function FolderBrowser({ folderId, rootId }: { folderId: number; rootId: number }) {
  const t = useT();
  const { prefs, loaded, update, sortBy } = useViewPreferences();
  const { folder, children, items, total } = useFolderListing(folderId, prefs.sort, prefs.order, loaded);
  const selection = useSelection(items, total);
  useSelectFromUrl(items, (id) => selection.click(id, { shift: false, toggle: false }));
  const [viewing, setViewing] = useState<NodeView | null>(null);
  const actions = useNodeActions(rootId, setViewing);
  // New → Text / Markdown file: its name dialog, then the new file opens in the editor.
  const [newFile, setNewFile] = useState<NewFileKind | null>(null);
  const [editOnOpen, setEditOnOpen] = useState(false);
  const [dialog, setDialog] = useState<DriveDialogState>(null);
  const [menu, setMenu] = useState<NodeMenuState>(null);
  const [detailsId, setDetailsId] = useState<number | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastPointer = useRef("mouse");

  const crumbs = folder.data?.crumbs ?? [];
  const sharedPlace = useSharedPlace(folder.data);
  const team = useTeamOfSpace(folder.data?.node.spaceId);
  const folderName = folder.data?.node.name || team?.name || t("nav.myFiles");
  const target = useMemo(() => ({ id: folderId, name: folderName }), [folderId, folderName]);
  const canWrite = !folder.isError && folder.data?.node.permissions?.write !== false;
  const pickers = useUploadPickers(target);
  const drop = useFileDrop(target);

  useEffect(() => {
    document.title = `${folderName} · ${t("app.name")}`;
  }, [folderName, t]);

  /** What the selection stands for; after "Select all" also the rows not loaded yet (their ids are fetched on use). */
  const selected = (): NodeTargets =>
    selectionTargets({
      folderId,
      loaded: selection.selected,
      allMode: selection.allMode,
      excluded: selection.excludedIds,
      count: selection.count,
      complete: !children.hasNextPage,
    });
  /** What the selection allows: every loaded item's rights, and the folder's for rows not loaded yet. */
  const batchRights = {
    move: canWrite && selection.selected.every((node) => node.permissions.write && node.permissions.delete),
    delete: canWrite && selection.selected.every((node) => node.permissions.delete),
  };
  /** The one selected item, when exactly one is. */
  const single = selection.count === 1 ? selection.selected[0] : undefined;

  const runCommand = (command: NodeCommand, targets: NodeTargets) => {
    const [first] = targets.nodes;
    if (targets.count === 0) return;
    if (command === "download") void actions.download(targets);
    else if (command === "delete" || command === "move" || command === "copy") setDialog({ kind: command, targets });
    else if (!first) return;
    else if (command === "open") actions.open(first);
    else if (command === "rename") setDialog({ kind: "rename", node: first });
    else if (command === "details") setDetailsId(first.id);
    else if (command === "share") setDialog({ kind: "share", node: first });
  };
  const runBatch = (action: BatchAction) => runCommand(action, selected());

  const { fail } = useFeedback();
  // Rows dragged onto a folder row or a crumb: the dragged row, or the whole selection when it is part of it.
  const rowDrag = useRowDrag(
    (node) => (selection.isSelected(node.id) ? selected() : targetsOf(items.filter((n) => n.id === node.id))),
    (mode, targets, folder) =>
      actions.transfer.mutate({ mode, targets, target: folder }, { onError: fail, onSuccess: () => mode === "move" && selection.clear() }),
  );

  // Rows are memoized; they get one stable callbacks object that reads the latest state through a ref.
  const latest = useRef({ selection, actions, drop, selected, rowDrag });
  useEffect(() => {
    latest.current = { selection, actions, drop, selected, rowDrag };
  });
  const callbacks = useMemo<RowCallbacks>(() => {
    // A menu on a row outside the selection acts on that row alone and leaves the selection as it was, so
    // nothing of it carries over into a later batch action.
    const openMenu = (anchor: MenuAnchor, node: NodeView) => {
      const { selection, selected } = latest.current;
      const inSelection = selection.isSelected(node.id);
      if (!inSelection) selection.pointAt(node.id);
      setMenu({ anchor, targets: inSelection ? selected() : targetsOf([node]) });
    };
    return {
      onPointerDown: (pointerType) => {
        lastPointer.current = pointerType;
      },
      onClick: (event: MouseEvent, node) => {
        const { selection, actions } = latest.current;
        if (lastPointer.current === "touch" && !event.shiftKey) {
          if (selection.count > 0) selection.toggle(node.id);
          else actions.open(node);
          return;
        }
        selection.click(node.id, { shift: event.shiftKey, toggle: event.metaKey || event.ctrlKey });
      },
      onDoubleClick: (node) => latest.current.actions.open(node),
      onContextMenu: (event, node) => {
        event.preventDefault();
        openMenu({ x: event.clientX, y: event.clientY }, node);
      },
      onMenuButton: (element, node) => openMenu(element, node),
      onToggle: (node) => latest.current.selection.toggle(node.id),
      onFileDragOver: (event, node) => {
        latest.current.rowDrag.onDragOver(event, node, node.parentId);
        latest.current.drop.onFileDragOver(event, node);
      },
      onFileDrop: (event, node) => {
        latest.current.rowDrag.onDrop(event, node, node.parentId);
        latest.current.drop.onFileDrop(event, node);
      },
      onRowDragStart: (event, node) => latest.current.rowDrag.onDragStart(event, node),
      onRowDragEnd: () => latest.current.rowDrag.onDragEnd(),
      onRowDragLeave: (node) => latest.current.rowDrag.onDragLeave(node),
    };
  }, []);

  useDriveShortcuts({
    onDelete: () => selection.count > 0 && batchRights.delete && setDialog({ kind: "delete", targets: selected() }),
    onRename: () => single && setDialog({ kind: "rename", node: single }),
    onOpen: () => single && actions.open(single),
    onSelectAll: selection.selectAll,
    onEscape: () => (selection.count > 0 ? selection.clear() : setDetailsId(null)),
    onMoveFocus: selection.moveFocus,
  });

  const clearOnBackground = (event: MouseEvent) => {
    const element = event.target as Element;
    if (!element.closest("[data-testid='node-row'], [role='columnheader'], [data-testid='selection-bar'], button, a")) selection.clear();
  };

  return (
    <NodeMarksProvider items={items}>
      <PageHeader
        title={crumbs.length > 0 ? <Breadcrumbs crumbs={crumbs} homeId={rootId} shared={sharedPlace !== null} teamName={team?.name} dropTarget={{ overId: rowDrag.overId, onDragOver: rowDrag.onDragOver, onDragLeave: rowDrag.onDragLeave, onDrop: rowDrag.onDrop }} /> : <h1 className="px-1.5 text-base font-semibold">{t("nav.myFiles")}</h1>}
        actions={
          <>
          <SearchBox folderId={folderId} spaceId={folder.data?.node.spaceId} />
          {team && <TeamLinks team={team} />}
          <DriveActions
            canWrite={canWrite}
            onNewFolder={() => setDialog({ kind: "new-folder" })}
            onUploadFiles={pickers.pickFiles}
            onUploadFolder={pickers.pickFolder}
            view={prefs.view}
            onViewChange={(view) => update({ view })}
            onNewFile={setNewFile}
          />
          </>
        }
      />
      {sharedPlace && <SharedBanner place={sharedPlace} />}
      {pickers.inputs}
      <ResumeBanner onPick={pickers.pickFiles} />
      <div className="flex min-h-0 flex-1">
        <div className="relative min-w-0 flex-1" {...drop.zoneProps} data-testid="drop-zone">
          {/* busy: not loaded yet (also while not enabled), any fetch under way (next page, a refetch), or a failed next page about to be asked again */}
          <div
            ref={scrollRef}
            role="grid"
            aria-label={t("drive.list", { folder: folderName })}
            aria-multiselectable
            aria-busy={children.isPending || children.isFetching || (children.hasNextPage && children.isFetchNextPageError)}
            data-testid="file-list"
            onClick={clearOnBackground}
            className="relative h-full overflow-y-auto pb-24"
          >
            <ListHeader
              variant={prefs.view}
              sort={prefs.sort}
              order={prefs.order}
              onSort={sortBy}
              total={total}
              selectedCount={selection.count}
              selectionLabel={selection.allMode && selection.allSelected && items.length < total ? t("selection.all", { count: total }) : undefined}
              onSelectAll={(all) => (all ? selection.selectAll() : selection.clear())}
              onAction={runBatch}
              rights={batchRights}
            />
            <FolderBody
              view={prefs.view}
              folder={folder}
              listing={children}
              items={items}
              canWrite={canWrite}
              onUploadFiles={pickers.pickFiles}
              onUploadFolder={pickers.pickFolder}
              isSelected={selection.isSelected}
              focusIndex={selection.focusIndex}
              dropTargetId={drop.dropTarget?.id ?? rowDrag.overId}
              callbacks={callbacks}
              scrollRef={scrollRef}
            />
          </div>
          {drop.dragging && canWrite && <DropOverlay message={t("drive.dropHere", { folder: drop.dropTarget?.name ?? folderName })} />}
        </div>
        {detailsId !== null && <DetailsPanel nodeId={detailsId} onClose={() => setDetailsId(null)} onShare={(node) => setDialog({ kind: "share", node })} />}
      </div>
      <NodeMenu state={menu} onClose={() => setMenu(null)} onCommand={runCommand} />
      {viewing && (
        <FileViewer
          node={viewing}
          siblings={items}
          edit={editOnOpen}
          onClose={() => {
            setViewing(null);
            setEditOnOpen(false);
          }}
        />
      )}
      {newFile && (
        <NewFileDialog
          folderId={folderId}
          kind={newFile}
          onClose={() => setNewFile(null)}
          onCreated={(node) => {
            setEditOnOpen(true);
            setViewing(node);
          }}
        />
      )}
      <DriveDialogs dialog={dialog} onClose={() => setDialog(null)} folderId={folderId} rootId={rootId} actions={actions} onItemsGone={selection.clear} />
    </NodeMarksProvider>
  );
}
