"use client";

import { useState } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { AuthLink, BackToSignIn } from "@/components/auth/auth-link";
import { FormAlert, FormSuccess } from "@/components/auth/form-alert";
import { NewPasswordFields } from "@/components/auth/password-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import { accountFormError, FormProblem, useFormSubmit } from "@/components/auth/use-form-submit";
import { ApiError } from "@/lib/client/api";
import { resetPassword } from "@/lib/client/account-settings-api";
import { useT } from "@/lib/i18n/provider";

/** /reset-password/<token>: a new password (twice) for a mailed link; `usable` false shows the expired state. */
export function ResetPasswordForm({ token, usable, minLength }: { token: string; usable: boolean; minLength: number }) {
  const t = useT();
  const [form, setForm] = useState({ password: "", confirm: "" });
  const [state, setState] = useState<"form" | "done" | "gone">(usable ? "form" : "gone");
  const { busy, error, submit } = useFormSubmit((caught) => accountFormError(t, caught));
  const reset = async () => {
    if (form.password !== form.confirm) throw new FormProblem(t("auth.passwordsDiffer"));
    try {
      await resetPassword(token, form.password);
      setState("done");
    } catch (caught) {
      if (!(caught instanceof ApiError && caught.status === 410)) throw caught;
      setState("gone");
    }
  };

  if (state === "gone") {
    return (
      <AuthCard title={t("reset.title")} subtitle={t("reset.gone")}>
        <div className="space-y-4" data-testid="reset-gone">
          <AuthLink href="/forgot-password">{t("reset.askAgain")}</AuthLink>
          <BackToSignIn />
        </div>
      </AuthCard>
    );
  }
  if (state === "done") {
    return (
      <AuthCard title={t("reset.title")} subtitle={t("reset.subtitle")}>
        <div className="space-y-4">
          <FormSuccess testId="reset-done">{t("reset.done")}</FormSuccess>
          <AuthLink href="/login" testId="reset-sign-in">
            {t("auth.signIn")} →
          </AuthLink>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("reset.title")} subtitle={t("reset.subtitle")}>
      <form onSubmit={submit(reset)} className="space-y-4" data-testid="reset-form">
        <FormAlert message={error} />
        <NewPasswordFields minLength={minLength} value={form} onChange={setForm} autoFocus />
        <SubmitButton busy={busy} label={t("reset.submit")} busyLabel={t("reset.saving")} testId="reset-submit" />
      </form>
    </AuthCard>
  );
}
