"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { QuotaInput, valueToQuota, type QuotaValue } from "@/components/admin/quota-input";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import type { NewUser } from "@/lib/client/admin-api";
import { useT } from "@/lib/i18n/provider";

type CreateUserDialogProps = { onCreate: (input: NewUser) => Promise<unknown>; onClose: () => void };

export function CreateUserDialog({ onCreate, onClose }: CreateUserDialogProps) {
  const t = useT();
  const [form, setForm] = useState({ username: "", displayName: "", email: "", password: "", admin: false });
  const [quota, setQuota] = useState<QuotaValue>({ unlimited: false, gib: "100" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = (name: "username" | "displayName" | "email" | "password") => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm((current) => ({ ...current, [name]: event.target.value })),
  });

  const submit = async () => {
    const bytes = valueToQuota(quota);
    if (bytes === undefined) return setError(t("admin.quotaInvalid"));
    setBusy(true);
    setError(null);
    try {
      await onCreate({
        username: form.username.trim(),
        displayName: form.displayName.trim() || form.username.trim(),
        email: form.email.trim() || undefined,
        password: form.password,
        role: form.admin ? "admin" : "user",
        quota: bytes,
      });
      onClose();
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      busy={busy}
      title={t("admin.createUser")}
      testId="create-user-dialog"
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant="primary" disabled={busy || !form.username.trim() || !form.password} data-testid="create-user-confirm">
            {busy && <Spinner />}
            {t("common.create")}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <FormAlert message={error} />
        <TextField label={t("auth.username")} autoComplete="off" autoCapitalize="none" spellCheck={false} required autoFocus data-testid="new-user-username" {...text("username")} />
        <TextField label={t("auth.displayName")} autoComplete="off" data-testid="new-user-display-name" {...text("displayName")} />
        <TextField label={t("auth.email")} labelNote={t("auth.optional")} type="email" autoComplete="off" data-testid="new-user-email" {...text("email")} />
        <TextField label={t("auth.password")} type="password" autoComplete="new-password" required data-testid="new-user-password" {...text("password")} />
        <label className="flex items-start gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-700">
          <input
            type="checkbox"
            checked={form.admin}
            onChange={(event) => setForm((current) => ({ ...current, admin: event.target.checked }))}
            className="mt-0.5 size-4 accent-brand-600"
            data-testid="new-user-admin"
          />
          <span>
            <span className="block text-sm font-medium">{t("admin.isAdmin")}</span>
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("admin.isAdminHint")}</span>
          </span>
        </label>
        <QuotaInput value={quota} onChange={setQuota} />
      </div>
    </Dialog>
  );
}
