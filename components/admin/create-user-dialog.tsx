"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { QuotaInput, valueToQuota, type QuotaValue } from "@/components/admin/quota-input";
import { FormDialog } from "@/components/ui/form-dialog";
import { UsernameField } from "@/components/auth/username-field";
import { TextField } from "@/components/ui/text-field";
import { accountInput } from "@/lib/client/account-api";
import type { NewUser } from "@/lib/client/admin-api";
import { MIN_PASSWORD_LENGTH } from "@/lib/domain/password-policy";
import { useT } from "@/lib/i18n/provider";

type CreateUserDialogProps = { onCreate: (input: NewUser) => Promise<unknown>; onClose: () => void };

export function CreateUserDialog({ onCreate, onClose }: CreateUserDialogProps) {
  const t = useT();
  const [form, setForm] = useState({ username: "", displayName: "", email: "", password: "", admin: false });
  const [quota, setQuota] = useState<QuotaValue>({ unlimited: false, gib: "100" });
  const text = (name: "username" | "displayName" | "email" | "password") => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm((current) => ({ ...current, [name]: event.target.value })),
  });

  return (
    <FormDialog
      title={t("admin.createUser")}
      testId="create-user-dialog"
      submitLabel={t("common.create")}
      submitTestId="create-user-confirm"
      submitDisabled={!form.username.trim() || !form.password}
      validate={() => (valueToQuota(quota) === undefined ? t("admin.quotaInvalid") : null)}
      onSubmit={() => onCreate({ ...accountInput(form), role: form.admin ? "admin" : "user", quota: valueToQuota(quota)! })}
      onClose={onClose}
    >
      {({ error }) => (
        <div className="space-y-4">
          <FormAlert message={error} />
          <UsernameField label={t("auth.username")} autoComplete="off" autoFocus data-testid="new-user-username" {...text("username")} />
          <TextField label={t("auth.displayName")} autoComplete="off" data-testid="new-user-display-name" {...text("displayName")} />
          <TextField label={t("auth.email")} labelNote={t("auth.optional")} type="email" autoComplete="off" data-testid="new-user-email" {...text("email")} />
          <TextField
            label={t("auth.password")}
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            hint={t("auth.passwordRule", { min: MIN_PASSWORD_LENGTH })}
            data-testid="new-user-password"
            {...text("password")}
          />
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
      )}
    </FormDialog>
  );
}
