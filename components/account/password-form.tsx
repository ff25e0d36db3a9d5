"use client";

import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { ApiError, errorMessage } from "@/lib/client/api";
import { changePassword, passwordError } from "@/lib/client/account-settings-api";

/** Change password: the current one, the new one twice. Other sessions end on the server. */
export function PasswordForm({ minLength }: { minLength: number }) {
  const { t, toast } = useFeedback();
  const empty = { current: "", next: "", confirm: "" };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (form.next !== form.confirm) return setError(t("auth.passwordsDiffer"));
    setBusy(true);
    setError(null);
    try {
      await changePassword(form.current, form.next);
      setForm(empty);
      toast.success(t("account.passwordChanged"));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 403) setError(t("account.wrongPassword"));
      else if (caught instanceof ApiError && caught.status === 429) setError(t("auth.throttled"));
      else setError(passwordError(t, caught) ?? errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="password-form">
      <FormAlert message={error} />
      <TextField label={t("account.currentPassword")} name="current-password" type="password" autoComplete="current-password" required value={form.current} onChange={(event) => setForm({ ...form, current: event.target.value })} />
      <TextField
        label={t("account.newPassword")}
        name="new-password"
        type="password"
        autoComplete="new-password"
        required
        hint={t("password.hint", { min: minLength })}
        value={form.next}
        onChange={(event) => setForm({ ...form, next: event.target.value })}
      />
      <TextField label={t("auth.confirmPassword")} name="confirm-password" type="password" autoComplete="new-password" required value={form.confirm} onChange={(event) => setForm({ ...form, confirm: event.target.value })} />
      <Button type="submit" variant="primary" disabled={busy} data-testid="password-save">
        {busy && <Spinner />}
        {t("account.changePassword")}
      </Button>
    </form>
  );
}
