"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { useT } from "@/lib/i18n/provider";

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
};

export function ConfirmDialog({ open, title, body, confirmLabel, onConfirm, onClose, busy, danger, confirmTestId }: ConfirmDialogProps) {
  const t = useT();
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
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant={danger ? "danger" : "primary"} disabled={busy} data-testid={confirmTestId ?? "confirm"} autoFocus>
            {busy && <Spinner />}
            {confirmLabel}
          </Button>
        </>
      }
    />
  );
}
