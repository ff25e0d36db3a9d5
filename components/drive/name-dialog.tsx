"use client";

import { useEffect, useRef, useState } from "react";
import { FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";

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
  const [name, setName] = useState(initialName);
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
    // Renaming to the same name changes nothing: just close.
    if (trimmed === initialName && selectStem) return;
    await onSubmit(trimmed);
  };

  return (
    <FormDialog
      size="sm"
      title={title}
      testId={testId}
      submitLabel={submitLabel}
      submitTestId={`${testId}-confirm`}
      submitDisabled={!name.trim()}
      onSubmit={submit}
      onFailed={() => inputRef.current?.focus()}
      onClose={onClose}
    >
      {({ error, clearError }) => (
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
            clearError();
          }}
          data-testid={`${testId}-input`}
        />
      )}
    </FormDialog>
  );
}
