"use client";

import { useCallback, useRef, useState, type DragEvent } from "react";
import type { NodeTargets } from "@/components/drive/node-targets";

/** The drag type that marks a drag of drive rows (files dragged from the desktop carry "Files" instead). */
export const ROW_DRAG_TYPE = "application/x-haven-nodes";

/** Copy instead of move: Ctrl on Windows and Linux, Alt (Option) on macOS, as the file managers there do. */
export function wantsCopy(event: { ctrlKey: boolean; altKey: boolean }): boolean {
  return event.ctrlKey || event.altKey;
}

type Folder = { id: number; name: string };

/** Whether the dragged rows may go into `folder`: not into one of themselves, and a move not into where they are. */
function accepts(targets: NodeTargets | null, event: DragEvent, folder: Folder, parentId: number | null): targets is NodeTargets {
  return targets !== null && !targets.includes(folder.id, parentId) && !(targets.parentId === folder.id && !wantsCopy(event));
}

/**
 * Dragging rows (one, or the selection it belongs to) onto a folder row or a breadcrumb: a move, or a copy with the
 * modifier. `targetsFor` says what a drag starting on a row carries; `onDropRows` runs the move or copy through the
 * normal move/copy API. A folder cannot be dropped into itself or into one of the dragged folders.
 */
export function useRowDrag(targetsFor: (node: { id: number }) => NodeTargets, onDropRows: (mode: "move" | "copy", targets: NodeTargets, folder: Folder) => void) {
  const dragged = useRef<NodeTargets | null>(null);
  const [overId, setOverId] = useState<number | null>(null);

  const onDragStart = useCallback(
    (event: DragEvent, node: { id: number; name: string }) => {
      const targets = targetsFor(node);
      dragged.current = targets;
      event.dataTransfer.effectAllowed = "copyMove";
      event.dataTransfer.setData(ROW_DRAG_TYPE, JSON.stringify(targets.nodes.map((n) => n.id)));
      event.dataTransfer.setData("text/plain", targets.count === 1 ? node.name : `${targets.count}`);
    },
    [targetsFor],
  );

  /** Over a folder (row or crumb; `parentId` is the folder's own parent, for the "not into itself" check). */
  const onDragOver = useCallback((event: DragEvent, folder: Folder, parentId: number | null) => {
    if (!event.dataTransfer.types.includes(ROW_DRAG_TYPE)) return;
    event.stopPropagation();
    if (!accepts(dragged.current, event, folder, parentId)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = wantsCopy(event) ? "copy" : "move";
    setOverId(folder.id);
  }, []);

  const onDragLeave = useCallback((folder: Folder) => setOverId((current) => (current === folder.id ? null : current)), []);

  const onDrop = useCallback(
    (event: DragEvent, folder: Folder, parentId: number | null) => {
      if (!event.dataTransfer.types.includes(ROW_DRAG_TYPE)) return;
      event.preventDefault();
      event.stopPropagation();
      setOverId(null);
      const targets = dragged.current;
      if (targets && accepts(targets, event, folder, parentId)) onDropRows(wantsCopy(event) ? "copy" : "move", targets, folder);
    },
    [onDropRows],
  );

  const onDragEnd = useCallback(() => {
    dragged.current = null;
    setOverId(null);
  }, []);

  return { overId, onDragStart, onDragOver, onDragLeave, onDrop, onDragEnd };
}
