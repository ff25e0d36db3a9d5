"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { AuthCard } from "@/components/auth/auth-card";
import { FormAlert } from "@/components/auth/form-alert";
import { SubmitButton } from "@/components/auth/submit-button";
import { FormProblem, useFormSubmit } from "@/components/auth/use-form-submit";
import { UsernameField } from "@/components/auth/username-field";
import { TextField } from "@/components/ui/text-field";
import { ApiError, errorMessage } from "@/lib/client/api";
import { accountInput, createFirstAdmin } from "@/lib/client/account-api";
import { MIN_PASSWORD_LENGTH } from "@/lib/domain/password-policy";
import { useT } from "@/lib/i18n/provider";

export function SetupForm() {
  const t = useT();
  const router = useRouter();
  const [form, setForm] = useState({ username: "", displayName: "", email: "", password: "", confirm: "" });
  const [alreadyDone, setAlreadyDone] = useState(false);
  const mismatch = form.confirm.length > 0 && form.password !== form.confirm;

  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm((current) => ({ ...current, [name]: event.target.value })),
  });

  const { busy, error, submit } = useFormSubmit(
    (caught) => {
      if (!(caught instanceof ApiError && caught.status === 409)) return errorMessage(caught, t("common.unknownError"));
      setAlreadyDone(true);
      return t("auth.setupDone");
    },
    { navigates: true },
  );
  const setUp = async () => {
    if (form.password !== form.confirm) throw new FormProblem(t("auth.passwordsDiffer"));
    await createFirstAdmin(accountInput(form));
    const result = await signIn("credentials", { username: form.username.trim(), password: form.password, redirect: false });
    router.replace(result?.error ? "/login" : "/files");
    router.refresh();
  };

  return (
    <AuthCard title={t("auth.setupTitle")} subtitle={t("auth.setupSubtitle")}>
      <form onSubmit={submit(setUp)} className="space-y-4" data-testid="setup-form">
        <FormAlert message={error} />
        {alreadyDone && (
          <Link href="/login" className="block text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
            {t("auth.signIn")} →
          </Link>
        )}
        <UsernameField label={t("auth.username")} autoFocus {...field("username")} />
        <TextField label={t("auth.displayName")} autoComplete="name" {...field("displayName")} />
        <TextField label={t("auth.email")} labelNote={t("auth.optional")} type="email" autoComplete="email" {...field("email")} />
        <TextField
          label={t("auth.password")}
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          hint={t("auth.passwordRule", { min: MIN_PASSWORD_LENGTH })}
          data-testid="setup-password"
          {...field("password")}
        />
        <TextField
          label={t("auth.confirmPassword")}
          type="password"
          autoComplete="new-password"
          required
          error={mismatch ? t("auth.passwordsDiffer") : null}
          {...field("confirm")}
        />
        <SubmitButton busy={busy} label={t("auth.setupSubmit")} busyLabel={t("auth.settingUp")} testId="setup-submit" />
      </form>
    </AuthCard>
  );
}
