"use client";

import type { ReactNode } from "react";
import { Dialog } from "@/components/ui/dialog";
import { DialogButtons } from "@/components/ui/form-dialog";

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  busy?: boolean;
  danger?: boolean;
  /** data-testid of the confirm button. */
  confirmTestId?: string;
  /** Shown under the text, e.g. the progress of a long batch. */
  children?: ReactNode;
};

export function ConfirmDialog({ open, title, body, confirmLabel, onConfirm, onClose, busy, danger, confirmTestId, children }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={body}
      size="sm"
      busy={busy}
      onSubmit={onConfirm}
      testId="confirm-dialog"
      footer={<DialogButtons onCancel={onClose} busy={busy} submitLabel={confirmLabel} submitTestId={confirmTestId ?? "confirm"} danger={danger} autoFocus />}
    >
      {children}
    </Dialog>
  );
}
