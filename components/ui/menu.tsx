"use client";

import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { cn } from "@/components/ui/cn";

/** Where a menu opens: at a pointer position (context menu) or below an element (dropdown). */
export type MenuAnchor = { x: number; y: number } | HTMLElement;

type MenuProps = {
  anchor: MenuAnchor | null;
  onClose: () => void;
  label: string;
  children: ReactNode;
  testId?: string;
  align?: "start" | "end";
  /** Open upwards from an element (e.g. the user menu at the bottom of the sidebar). */
  placement?: "below" | "above";
};

const CloseContext = createContext<() => void>(() => {});
const MARGIN = 8;

/** A popup menu: arrow keys move, Escape/Tab/outside click close, focus returns to the trigger element. */
export function Menu({ anchor, onClose, label, children, testId, align = "start", placement = "below" }: MenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const menu = ref.current;
    if (!anchor || !menu) return;
    const { width, height } = menu.getBoundingClientRect();
    let left: number;
    let top: number;
    if (anchor instanceof HTMLElement) {
      const rect = anchor.getBoundingClientRect();
      left = align === "end" ? rect.right - width : rect.left;
      top = placement === "above" ? rect.top - height - 4 : rect.bottom + 4;
    } else {
      ({ x: left, y: top } = anchor);
    }
    left = Math.max(MARGIN, Math.min(left, window.innerWidth - width - MARGIN));
    if (top + height > window.innerHeight - MARGIN) top = Math.max(MARGIN, top - height);
    setPosition({ left, top });
    menu.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
  }, [anchor, align, placement]);

  useEffect(() => {
    if (!anchor) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      // A press on the trigger is left to the trigger, which toggles the menu itself.
      if (anchor instanceof HTMLElement && anchor.contains(target)) return;
      if (!ref.current?.contains(target)) onClose();
    };
    const close = () => onClose();
    document.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("resize", close);
    window.addEventListener("blur", close);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown, true);
      window.removeEventListener("resize", close);
      window.removeEventListener("blur", close);
      if (anchor instanceof HTMLElement && document.activeElement === document.body) anchor.focus();
    };
  }, [anchor, onClose]);

  if (!anchor) return null;

  const onKeyDown = (event: KeyboardEvent) => {
    const items = Array.from(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? []);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(items.length - 1);
    else if (event.key === "Escape" || event.key === "Tab") onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
      style={position ? { left: position.left, top: position.top } : { left: -9999, top: -9999 }}
      className="fixed z-50 min-w-48 animate-fade-in rounded-xl border border-zinc-200 bg-white p-1 text-sm shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
    >
      <CloseContext.Provider value={onClose}>{children}</CloseContext.Provider>
    </div>,
    document.body,
  );
}

type MenuItemProps = {
  icon?: ReactNode;
  children: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
  shortcut?: string;
};

export function MenuItem({ icon, children, onSelect, disabled, danger, testId, shortcut }: MenuItemProps) {
  const close = useContext(CloseContext);
  return (
    <button
      type="button"
      role="menuitem"
      disabled={disabled}
      data-testid={testId}
      onClick={() => {
        close();
        onSelect();
      }}
      className={cn(
        "flex w-full items-center gap-2.5 rounded-lg px-2.5 py-2 text-left outline-none focus-visible:bg-zinc-100 enabled:hover:bg-zinc-100 disabled:opacity-40 dark:focus-visible:bg-zinc-800 dark:enabled:hover:bg-zinc-800",
        danger ? "text-red-600 dark:text-red-400" : "text-zinc-800 dark:text-zinc-200",
      )}
    >
      <span className="flex size-4 items-center justify-center [&>svg]:size-4" aria-hidden>
        {icon}
      </span>
      <span className="flex-1">{children}</span>
      {shortcut && <kbd className="font-sans text-xs text-zinc-400 pointer-coarse:hidden">{shortcut}</kbd>}
    </button>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 h-px bg-zinc-200 dark:bg-zinc-700/70" />;
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <div className="px-2.5 pt-1.5 pb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">{children}</div>;
}
