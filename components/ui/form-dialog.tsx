"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { useT } from "@/lib/i18n/provider";

type DialogButtonsProps = {
  onCancel: () => void;
  busy?: boolean;
  submitLabel: string;
  submitTestId: string;
  submitDisabled?: boolean;
  danger?: boolean;
  autoFocus?: boolean;
};

/** Cancel, and the submit button of the dialog's form (with a spinner while busy). */
export function DialogButtons({ onCancel, busy, submitLabel, submitTestId, submitDisabled, danger, autoFocus }: DialogButtonsProps) {
  const t = useT();
  return (
    <>
      <Button onClick={onCancel} disabled={busy}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" variant={danger ? "danger" : "primary"} disabled={busy || submitDisabled} data-testid={submitTestId} autoFocus={autoFocus}>
        {busy && <Spinner />}
        {submitLabel}
      </Button>
    </>
  );
}

export type FormState = {
  /** The message of the last failed submit (or of `validate`), for the form to show where it fits. */
  error: string | null;
  clearError: () => void;
  busy: boolean;
};

type FormDialogProps = {
  title: ReactNode;
  testId: string;
  size?: "sm" | "md" | "lg";
  submitLabel: string;
  submitTestId: string;
  /** The submit button is off, and Enter does nothing, while this is true. */
  submitDisabled?: boolean;
  /** Checked first: a message stops the submit and is shown as the error. */
  validate?: () => string | null;
  /** The work. Resolving closes the dialog; a rejection's message is shown and the dialog stays open. */
  onSubmit: () => Promise<unknown>;
  onClose: () => void;
  /** After a failed submit, e.g. to focus the field again. */
  onFailed?: () => void;
  children: (form: FormState) => ReactNode;
};

/**
 * A dialog whose body is a form: Cancel and a submit button, a spinner and a locked dialog while the work runs,
 * and the server's message when it fails.
 */
export function FormDialog({ title, testId, size, submitLabel, submitTestId, submitDisabled, validate, onSubmit, onClose, onFailed, children }: FormDialogProps) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (busy || submitDisabled) return;
    const problem = validate?.() ?? null;
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
      onClose();
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
      setBusy(false);
      onFailed?.();
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      busy={busy}
      size={size}
      title={title}
      testId={testId}
      onSubmit={() => void submit()}
      footer={<DialogButtons onCancel={onClose} busy={busy} submitLabel={submitLabel} submitTestId={submitTestId} submitDisabled={submitDisabled} />}
    >
      {children({ error, clearError: () => setError(null), busy })}
    </Dialog>
  );
}
