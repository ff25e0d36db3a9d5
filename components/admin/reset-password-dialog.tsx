"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import type { UserView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

export function ResetPasswordDialog({ user, onSave, onClose }: { user: UserView; onSave: (password: string) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;

  const submit = async () => {
    if (password !== confirm) return setError(t("auth.passwordsDiffer"));
    setBusy(true);
    try {
      await onSave(password);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      size="sm"
      busy={busy}
      onClose={onClose}
      title={t("admin.passwordTitle", { name: user.username })}
      testId="password-dialog"
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant="primary" disabled={busy || !password || mismatch} data-testid="password-confirm">
            {busy && <Spinner />}
            {t("common.save")}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <TextField
          label={t("admin.newPassword")}
          type="password"
          autoComplete="new-password"
          autoFocus
          value={password}
          error={error}
          onChange={(event) => {
            setPassword(event.target.value);
            setError(null);
          }}
          data-testid="reset-password-input"
        />
        <TextField
          label={t("auth.confirmPassword")}
          type="password"
          autoComplete="new-password"
          value={confirm}
          error={mismatch ? t("auth.passwordsDiffer") : null}
          onChange={(event) => setConfirm(event.target.value)}
          data-testid="reset-password-confirm-input"
        />
      </div>
    </Dialog>
  );
}
