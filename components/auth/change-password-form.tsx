"use client";

import { useState, type FormEvent } from "react";
import { signOut } from "next-auth/react";
import { FormAlert } from "@/components/auth/form-alert";
import { AuthCard } from "@/components/auth/auth-card";
import { SubmitButton } from "@/components/auth/submit-button";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import { changePassword, passwordError } from "@/lib/client/account-settings-api";
import { useT } from "@/lib/i18n/provider";

/** /change-password: the forced first step after signing in with a one-time password. */
export function ChangePasswordForm({ minLength, next }: { minLength: number; next: string }) {
  const t = useT();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setError(t("auth.passwordsDiffer"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, password);
      // A full load: the server pages re-read the account, which no longer needs the change.
      window.location.assign(next);
    } catch (caught) {
      setError(passwordError(t, caught) ?? errorMessage(caught, t("common.unknownError")));
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t("changePassword.title")} subtitle={t("changePassword.subtitle")}>
      <form onSubmit={submit} className="space-y-4" data-testid="change-password-form">
        <FormAlert message={error} />
        <TextField label={t("changePassword.current")} name="current-password" type="password" autoComplete="current-password" required autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} />
        <TextField
          label={t("account.newPassword")}
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          hint={t("password.hint", { min: minLength })}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <TextField label={t("auth.confirmPassword")} name="confirm-password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        <SubmitButton busy={busy} label={t("changePassword.submit")} busyLabel={t("changePassword.saving")} testId="change-password-submit" />
        <button type="button" onClick={() => void signOut({ redirectTo: "/login" })} className="block w-full text-center text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
          {t("auth.signOut")}
        </button>
      </form>
    </AuthCard>
  );
}
