"use client";

import { useState } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/auth-link";
import { FormAlert, FormSuccess } from "@/components/auth/form-alert";
import { NewPasswordFields } from "@/components/auth/password-fields";
import { SubmitButton } from "@/components/auth/submit-button";
import { accountFormError, FormProblem, useFormSubmit } from "@/components/auth/use-form-submit";
import { UsernameField } from "@/components/auth/username-field";
import { TextField } from "@/components/ui/text-field";
import { signUp } from "@/lib/client/security-api";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /register: username, email and password (twice); the account waits for the mailed activation link. */
export function RegisterForm({ minLength }: { minLength: number }) {
  const t = useT();
  const locale = useLocale();
  const [form, setForm] = useState({ username: "", email: "", password: "", confirm: "" });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const field = (name: "username" | "email") => ({ name, value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });
  const { busy, error, submit } = useFormSubmit((caught) => accountFormError(t, caught, t("security.registerClosed")));
  const register = async () => {
    if (form.password !== form.confirm) throw new FormProblem(t("auth.passwordsDiffer"));
    await signUp({ username: form.username.trim(), email: form.email.trim(), password: form.password, locale });
    setSentTo(form.email.trim());
  };

  return (
    <AuthCard title={t("security.registerTitle")} subtitle={t("security.registerSubtitle")}>
      {sentTo ? (
        <div className="space-y-4">
          <FormSuccess testId="register-sent">{t("security.registerSent", { email: sentTo })}</FormSuccess>
          <BackToSignIn />
        </div>
      ) : (
        <form onSubmit={submit(register)} className="space-y-4" data-testid="register-form">
          <FormAlert message={error} testId="register-error" />
          <UsernameField label={t("auth.username")} autoFocus maxLength={64} {...field("username")} />
          <TextField label={t("security.registerEmail")} type="email" autoComplete="email" required maxLength={320} {...field("email")} />
          <NewPasswordFields label={t("auth.password")} names={{ password: "password", confirm: "confirm" }} minLength={minLength} value={form} onChange={(value) => setForm({ ...form, ...value })} />
          <SubmitButton busy={busy} label={t("security.registerSubmit")} busyLabel={t("security.registerSending")} testId="register-submit" />
          <BackToSignIn />
        </form>
      )}
    </AuthCard>
  );
}
