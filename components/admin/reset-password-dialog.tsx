"use client";

import { useState } from "react";
import { FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";
import type { UserView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

export function ResetPasswordDialog({ user, onSave, onClose }: { user: UserView; onSave: (password: string) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm.length > 0 && confirm !== password;

  return (
    <FormDialog
      size="sm"
      title={t("admin.passwordTitle", { name: user.username })}
      testId="password-dialog"
      submitLabel={t("common.save")}
      submitTestId="password-confirm"
      submitDisabled={!password || mismatch}
      validate={() => (password !== confirm ? t("auth.passwordsDiffer") : null)}
      onSubmit={() => onSave(password)}
      onClose={onClose}
    >
      {({ error, clearError }) => (
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
              clearError();
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
      )}
    </FormDialog>
  );
}
