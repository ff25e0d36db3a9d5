"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import { useT } from "@/lib/i18n/provider";

type NameDialogProps = {
  title: string;
  label: string;
  initialName: string;
  submitLabel: string;
  /** Rejects with the server's message (e.g. an invalid or taken name), which is shown under the field. */
  onSubmit: (name: string) => Promise<unknown>;
  onClose: () => void;
  testId: string;
  /** Select the name without its extension, so typing replaces "report" but keeps ".pdf". */
  selectStem?: boolean;
};

/** New folder and rename: one text field; the server decides whether the name is valid. */
export function NameDialog({ title, label, initialName, submitLabel, onSubmit, onClose, testId, selectStem }: NameDialogProps) {
  const t = useT();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    const dot = initialName.lastIndexOf(".");
    input.setSelectionRange(0, selectStem && dot > 0 ? dot : initialName.length);
  }, [initialName, selectStem]);

  const submit = async () => {
    const trimmed = name.trim();
    if (!trimmed || busy) return;
    if (trimmed === initialName && selectStem) return onClose();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(trimmed);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
      setBusy(false);
      inputRef.current?.focus();
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      size="sm"
      busy={busy}
      testId={testId}
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant="primary" disabled={busy || !name.trim()} data-testid={`${testId}-confirm`}>
            {busy && <Spinner />}
            {submitLabel}
          </Button>
        </>
      }
    >
      <TextField
        ref={inputRef}
        label={label}
        value={name}
        error={error}
        maxLength={255}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setName(event.target.value);
          setError(null);
        }}
        data-testid={`${testId}-input`}
      />
    </Dialog>
  );
}
