"use client";

import { useState, type FormEvent } from "react";
import { CircleCheck } from "lucide-react";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/forgot-password-form";
import { FormAlert } from "@/components/auth/form-alert";
import { SubmitButton } from "@/components/auth/submit-button";
import { TextField } from "@/components/ui/text-field";
import { ApiError, errorMessage } from "@/lib/client/api";
import { passwordError } from "@/lib/client/account-settings-api";
import { signUp } from "@/lib/client/security-api";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /register: username, email and password (twice); the account waits for the mailed activation link. */
export function RegisterForm({ minLength }: { minLength: number }) {
  const t = useT();
  const locale = useLocale();
  const [form, setForm] = useState({ username: "", email: "", password: "", confirm: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const field = (name: keyof typeof form) => ({ name, value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.password !== form.confirm) return setError(t("auth.passwordsDiffer"));
    setBusy(true);
    setError(null);
    try {
      await signUp({ username: form.username.trim(), email: form.email.trim(), password: form.password, locale });
      setSentTo(form.email.trim());
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429) setError(t("auth.throttled"));
      else if (caught instanceof ApiError && caught.status === 403) setError(t("security.registerClosed"));
      else setError(passwordError(t, caught) ?? errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t("security.registerTitle")} subtitle={t("security.registerSubtitle")}>
      {sentTo ? (
        <div className="space-y-4">
          <p role="status" data-testid="register-sent" className="flex items-start gap-2 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800 dark:border-emerald-900/70 dark:bg-emerald-950/40 dark:text-emerald-300">
            <CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span className="min-w-0 break-words">{t("security.registerSent", { email: sentTo })}</span>
          </p>
          <BackToSignIn />
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" data-testid="register-form">
          <FormAlert message={error} testId="register-error" />
          <TextField label={t("auth.username")} autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus maxLength={64} {...field("username")} />
          <TextField label={t("security.registerEmail")} type="email" autoComplete="email" required maxLength={320} {...field("email")} />
          <TextField label={t("auth.password")} type="password" autoComplete="new-password" required hint={t("password.hint", { min: minLength })} {...field("password")} />
          <TextField label={t("auth.confirmPassword")} type="password" autoComplete="new-password" required {...field("confirm")} />
          <SubmitButton busy={busy} label={t("security.registerSubmit")} busyLabel={t("security.registerSending")} testId="register-submit" />
          <BackToSignIn />
        </form>
      )}
    </AuthCard>
  );
}
