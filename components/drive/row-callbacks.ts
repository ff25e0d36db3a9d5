import type { DragEvent, MouseEvent } from "react";
import type { NodeView } from "@/lib/client/api-types";

/** What rows and cards report to the folder view; one stable object shared by every row. */
export type RowCallbacks = {
  onPointerDown: (pointerType: string) => void;
  onClick: (event: MouseEvent, node: NodeView) => void;
  onDoubleClick: (node: NodeView) => void;
  onContextMenu: (event: MouseEvent, node: NodeView) => void;
  onMenuButton: (element: HTMLElement, node: NodeView) => void;
  onToggle: (node: NodeView) => void;
  /** Files dragged from the desktop over a folder row. */
  onFileDragOver: (event: DragEvent, node: NodeView) => void;
  onFileDrop: (event: DragEvent, node: NodeView) => void;
  /** Rows dragged onto a folder row (components/drive/quick/use-row-drag.ts); over/drop go through onFile* above. */
  onRowDragStart: (event: DragEvent, node: NodeView) => void;
  onRowDragEnd: () => void;
  onRowDragLeave: (node: NodeView) => void;
};
