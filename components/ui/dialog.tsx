"use client";

import { useEffect, useId, useRef, type FormEvent, type ReactNode, type RefObject } from "react";
import { X } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { useT } from "@/lib/i18n/provider";

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons row; rendered inside the form so a submit button submits it. */
  footer?: ReactNode;
  /** When given, the body is a form and Enter submits it. */
  onSubmit?: () => void;
  size?: "sm" | "md" | "lg";
  testId?: string;
  /** While busy, Escape and the close button do nothing. */
  busy?: boolean;
};

const widths = { sm: "max-w-sm", md: "max-w-md", lg: "max-w-xl" };

/** Keeps a native <dialog> shown as a modal while `open` (focus trapped, the page behind inert). */
export function useModal(ref: RefObject<HTMLDialogElement | null>, open: boolean) {
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [ref, open]);
}

/** A modal built on the native <dialog>: focus is trapped, the page behind is inert, Escape closes. */
export function Dialog({ open, onClose, title, description, children, footer, onSubmit, size = "md", testId, busy }: DialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useModal(ref, open);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit?.();
  };

  if (!open) return null;
  return (
    <dialog
      ref={ref}
      data-testid={testId}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      onMouseDown={(event) => {
        if (event.target === ref.current && !busy) onClose();
      }}
      className={cn(
        "m-auto w-[calc(100%-2rem)] animate-fade-in rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100",
        widths[size],
      )}
    >
      <form onSubmit={submit} className="flex max-h-[85dvh] flex-col">
        <header className="flex items-start gap-3 px-5 pt-5 pb-3">
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-base font-semibold break-words">
              {title}
            </h2>
            {description && (
              <p id={descriptionId} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                {description}
              </p>
            )}
          </div>
          <button
            type="button"
            onClick={onClose}
            disabled={busy}
            aria-label={t("common.close")}
            className="-mt-1 -mr-2 rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
          >
            <X className="size-4" aria-hidden />
          </button>
        </header>
        {children && <div className="min-h-0 flex-1 overflow-y-auto px-5 py-2">{children}</div>}
        {footer && <footer className="flex flex-wrap justify-end gap-2 px-5 pt-3 pb-5">{footer}</footer>}
      </form>
    </dialog>
  );
}
