"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { CircleCheck } from "lucide-react";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/forgot-password-form";
import { FormAlert } from "@/components/auth/form-alert";
import { SubmitButton } from "@/components/auth/submit-button";
import { TextField } from "@/components/ui/text-field";
import { ApiError, errorMessage } from "@/lib/client/api";
import { passwordError, resetPassword } from "@/lib/client/account-settings-api";
import { useT } from "@/lib/i18n/provider";

/** /reset-password/<token>: a new password (twice) for a mailed link; `usable` false shows the expired state. */
export function ResetPasswordForm({ token, usable, minLength }: { token: string; usable: boolean; minLength: number }) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<"form" | "done" | "gone">(usable ? "form" : "gone");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) {
      setError(t("auth.passwordsDiffer"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await resetPassword(token, password);
      setState("done");
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 410) setState("gone");
      else setError(passwordError(t, caught) ?? errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };

  if (state === "gone") {
    return (
      <AuthCard title={t("reset.title")} subtitle={t("reset.gone")}>
        <div className="space-y-4" data-testid="reset-gone">
          <Link href="/forgot-password" className="block text-center text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
            {t("reset.askAgain")}
          </Link>
          <BackToSignIn />
        </div>
      </AuthCard>
    );
  }
  if (state === "done") {
    return (
      <AuthCard title={t("reset.title")} subtitle={t("reset.subtitle")}>
        <div className="space-y-4">
          <p role="status" data-testid="reset-done" className="flex items-start gap-2 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800 dark:border-emerald-900/70 dark:bg-emerald-950/40 dark:text-emerald-300">
            <CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{t("reset.done")}</span>
          </p>
          <Link href="/login" className="block text-center text-sm font-medium text-brand-600 hover:underline dark:text-brand-400" data-testid="reset-sign-in">
            {t("auth.signIn")} →
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("reset.title")} subtitle={t("reset.subtitle")}>
      <form onSubmit={submit} className="space-y-4" data-testid="reset-form">
        <FormAlert message={error} />
        <TextField
          label={t("account.newPassword")}
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          autoFocus
          hint={t("password.hint", { min: minLength })}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <TextField
          label={t("auth.confirmPassword")}
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
        <SubmitButton busy={busy} label={t("reset.submit")} busyLabel={t("reset.saving")} testId="reset-submit" />
      </form>
    </AuthCard>
  );
}
