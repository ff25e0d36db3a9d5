"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { NewPasswordFields } from "@/components/auth/password-fields";
import { accountFormError, FormProblem, useFormSubmit } from "@/components/auth/use-form-submit";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { changePassword } from "@/lib/client/account-settings-api";

/** Change password: the current one, the new one twice. Other sessions end on the server. */
export function PasswordForm({ minLength }: { minLength: number }) {
  const { t, toast } = useFeedback();
  const empty = { current: "", password: "", confirm: "" };
  const [form, setForm] = useState(empty);
  const { busy, error, submit } = useFormSubmit((caught) => accountFormError(t, caught, t("account.wrongPassword")));
  const change = async () => {
    if (form.password !== form.confirm) throw new FormProblem(t("auth.passwordsDiffer"));
    await changePassword(form.current, form.password);
    setForm(empty);
    toast.success(t("account.passwordChanged"));
  };

  return (
    <form onSubmit={submit(change)} className="space-y-4" data-testid="password-form">
      <FormAlert message={error} />
      <TextField label={t("account.currentPassword")} name="current-password" type="password" autoComplete="current-password" required value={form.current} onChange={(event) => setForm({ ...form, current: event.target.value })} />
      <NewPasswordFields minLength={minLength} value={form} onChange={(value) => setForm({ ...form, ...value })} />
      <Button type="submit" variant="primary" disabled={busy} data-testid="password-save">
        {busy && <Spinner />}
        {t("account.changePassword")}
      </Button>
    </form>
  );
}
