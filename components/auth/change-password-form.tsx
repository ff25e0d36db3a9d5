"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { AuthCard } from "@/components/auth/auth-card";
import { authLinkClass } from "@/components/auth/auth-link";
import { FormAlert } from "@/components/auth/form-alert";
import { NewPasswordFields } from "@/components/auth/password-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import { accountFormError, FormProblem, useFormSubmit } from "@/components/auth/use-form-submit";
import { TextField } from "@/components/ui/text-field";
import { changePassword } from "@/lib/client/account-settings-api";
import { useT } from "@/lib/i18n/provider";

/** /change-password: the forced first step after signing in with a one-time password. */
export function ChangePasswordForm({ minLength, next }: { minLength: number; next: string }) {
  const t = useT();
  const [current, setCurrent] = useState("");
  const [form, setForm] = useState({ password: "", confirm: "" });
  const { busy, error, submit } = useFormSubmit((caught) => accountFormError(t, caught), { navigates: true });
  const change = async () => {
    if (form.password !== form.confirm) throw new FormProblem(t("auth.passwordsDiffer"));
    await changePassword(current, form.password);
    // A full load: the server pages re-read the account, which no longer needs the change.
    window.location.assign(next);
  };

  return (
    <AuthCard title={t("changePassword.title")} subtitle={t("changePassword.subtitle")}>
      <form onSubmit={submit(change)} className="space-y-4" data-testid="change-password-form">
        <FormAlert message={error} />
        <TextField label={t("changePassword.current")} name="current-password" type="password" autoComplete="current-password" required autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} />
        <NewPasswordFields minLength={minLength} value={form} onChange={setForm} />
        <SubmitButton busy={busy} label={t("changePassword.submit")} busyLabel={t("changePassword.saving")} testId="change-password-submit" />
        <button type="button" onClick={() => void signOut({ redirectTo: "/login" })} className={authLinkClass}>
          {t("auth.signOut")}
        </button>
      </form>
    </AuthCard>
  );
}
