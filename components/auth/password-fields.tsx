"use client";

import { TextField } from "@/components/ui/text-field";
import { useT } from "@/lib/i18n/provider";

export type NewPassword = { password: string; confirm: string };

/**
 * A new password and its confirmation, with the site's length rule as the hint. The form checks that the two match
 * (passwordsDiffer) before it sends anything.
 */
export function NewPasswordFields({
  value,
  onChange,
  minLength,
  label,
  autoFocus,
  names = { password: "new-password", confirm: "confirm-password" },
}: {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  minLength: number;
  label?: string;
  autoFocus?: boolean;
  /** the inputs' names (what password managers and tests find them by) */
  names?: Record<keyof NewPassword, string>;
}) {
  const t = useT();
  return (
    <>
      <TextField
        label={label ?? t("account.newPassword")}
        name={names.password}
        type="password"
        autoComplete="new-password"
        required
        autoFocus={autoFocus}
        hint={t("password.hint", { min: minLength })}
        value={value.password}
        onChange={(event) => onChange({ ...value, password: event.target.value })}
      />
      <TextField
        label={t("auth.confirmPassword")}
        name={names.confirm}
        type="password"
        autoComplete="new-password"
        required
        value={value.confirm}
        onChange={(event) => onChange({ ...value, confirm: event.target.value })}
      />
    </>
  );
}
