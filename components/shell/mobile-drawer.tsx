"use client";

import { useRef, type ReactNode } from "react";
import { X } from "lucide-react";
import { useModal } from "@/components/ui/dialog";
import { IconButton } from "@/components/ui/icon-button";
import { useT } from "@/lib/i18n/provider";

/** The sidebar on narrow screens: a modal panel sliding in from the left. */
export function MobileDrawer({ open, onClose, children }: { open: boolean; onClose: () => void; children: ReactNode }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, open);

  return (
    <dialog
      ref={ref}
      aria-label={t("nav.main")}
      data-testid="nav-drawer"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={onClose}
      onMouseDown={(event) => {
        if (event.target === ref.current) onClose();
      }}
      className="m-0 h-dvh max-h-none w-72 max-w-[85vw] animate-slide-in border-r border-zinc-200 bg-zinc-50 p-0 text-zinc-900 open:block md:hidden dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="absolute top-3 right-3">
        <IconButton label={t("nav.closeMenu")} onClick={onClose} size="sm">
          <X className="size-4" aria-hidden />
        </IconButton>
      </div>
      {children}
    </dialog>
  );
}
