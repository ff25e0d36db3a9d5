"use client";

import { useEffect, useRef } from "react";

type Shortcuts = {
  onDelete: () => void;
  onRename: () => void;
  onOpen: () => void;
  onSelectAll: () => void;
  onEscape: () => void;
  onMoveFocus: (delta: number, extend: boolean) => void;
};

function isTextEntry(target: EventTarget | null) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type);
}

/** Something else owns the keyboard right now: a modal dialog or an open menu. */
function overlayOpen() {
  return !!document.querySelector("dialog[open], [role='menu']");
}

/**
 * Drive keyboard shortcuts: Delete/Backspace trash, F2 rename, Enter open, Ctrl/Cmd+A select all,
 * Escape clear, arrows move (Shift extends).
 */
export function useDriveShortcuts(shortcuts: Shortcuts) {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTextEntry(event.target) || overlayOpen()) return;
      const handlers = latest.current;
      const mod = event.metaKey || event.ctrlKey;
      const onControl = event.target instanceof HTMLElement && !!event.target.closest("button, a, [role='menuitem']");
      if (event.key === "Delete" || (event.key === "Backspace" && event.metaKey)) handlers.onDelete();
      else if (event.key === "F2") handlers.onRename();
      else if (event.key === "Enter" && !onControl) handlers.onOpen();
      else if (mod && event.key.toLowerCase() === "a") handlers.onSelectAll();
      else if (event.key === "Escape") handlers.onEscape();
      else if (event.key === "ArrowDown" || event.key === "ArrowRight") handlers.onMoveFocus(1, event.shiftKey);
      else if (event.key === "ArrowUp" || event.key === "ArrowLeft") handlers.onMoveFocus(-1, event.shiftKey);
      else return;
      event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
