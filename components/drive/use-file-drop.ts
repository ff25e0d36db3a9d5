"use client";

import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";
import { useUpload, type UploadTarget } from "@/components/upload/upload-provider";
import { useFeedback } from "@/components/ui/use-feedback";
import type { NodeView } from "@/lib/client/api-types";
import { dragHasFiles, sourcesFromDataTransfer } from "@/lib/client/upload/upload-source";

/**
 * Dropping files or folders from the desktop: onto the list uploads into the open folder,
 * onto a folder row uploads into that folder (which is highlighted while hovered). Dropped folders keep their
 * structure, empty subfolders included.
 */
export function useFileDrop(currentFolder: UploadTarget) {
  const { fail } = useFeedback();
  const { startUpload } = useUpload();
  const [dragging, setDragging] = useState(false);
  const [dropTarget, setDropTarget] = useState<UploadTarget | null>(null);
  const depth = useRef(0);

  const reset = useCallback(() => {
    depth.current = 0;
    setDragging(false);
    setDropTarget(null);
  }, []);

  const upload = useCallback(
    (event: DragEvent, target: UploadTarget) => {
      event.preventDefault();
      reset();
      sourcesFromDataTransfer(event.dataTransfer)
        .then(({ files, emptyFolders }) => startUpload(files, target, emptyFolders))
        .catch(fail);
    },
    [reset, startUpload, fail],
  );

  // A file dropped outside the drop zone must not make the browser navigate away to it.
  useEffect(() => {
    const block = (event: globalThis.DragEvent) => {
      if (dragHasFiles(event.dataTransfer)) event.preventDefault();
    };
    window.addEventListener("dragover", block);
    window.addEventListener("drop", block);
    return () => {
      window.removeEventListener("dragover", block);
      window.removeEventListener("drop", block);
    };
  }, []);

  const zoneProps = {
    onDragEnter: (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      // Folder rows stop the event, so reaching here means the pointer is not over a folder.
      setDropTarget(null);
    },
    onDragLeave: (event: DragEvent) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) reset();
    },
    onDrop: (event: DragEvent) => {
      if (dragHasFiles(event.dataTransfer)) upload(event, currentFolder);
    },
  };

  const onFileDragOver = useCallback((event: DragEvent, node: NodeView) => {
    if (!dragHasFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = "copy";
    setDropTarget((current) => (current?.id === node.id ? current : { id: node.id, name: node.name }));
  }, []);

  const onFileDrop = useCallback(
    (event: DragEvent, node: NodeView) => {
      if (!dragHasFiles(event.dataTransfer)) return;
      event.stopPropagation();
      upload(event, { id: node.id, name: node.name });
    },
    [upload],
  );

  return { dragging, dropTarget, zoneProps, onFileDragOver, onFileDrop };
}
