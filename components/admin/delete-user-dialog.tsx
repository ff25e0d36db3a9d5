"use client";

import { useState } from "react";
import { FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";
import { pageUsers, type UserRemoval } from "@/lib/client/admin-api";
import type { UserView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

/** Deleting an account: its files go to another account ("From <username>") or are purged. */
export function DeleteUserDialog({ user, onDelete, onClose }: { user: UserView; onDelete: (how: UserRemoval) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<"transfer" | "purge">("transfer");
  const [target, setTarget] = useState("");
  const submit = async () => {
    if (mode === "purge") return onDelete({ mode: "purge" });
    const found = (await pageUsers(target.trim(), 0, 50)).items.find((u) => u.username.toLowerCase() === target.trim().toLowerCase());
    if (!found) throw new Error(t("dash.noSuchUser", { name: target.trim() }));
    return onDelete({ mode: "transfer", toUserId: found.id });
  };
  const radio = "mt-0.5 size-4 accent-brand-600";
  return (
    <FormDialog
      size="sm"
      title={t("dash.deleteTitle", { name: user.username })}
      testId="delete-user-dialog"
      submitLabel={t("dash.deleteUser")}
      submitTestId="delete-user-confirm"
      submitDisabled={mode === "transfer" && !target.trim()}
      onSubmit={submit}
      onClose={onClose}
    >
      {({ error, clearError }) => (
        <div className="space-y-4 text-sm">
          <label className="flex items-start gap-3">
            <input type="radio" name="mode" checked={mode === "transfer"} onChange={() => setMode("transfer")} className={radio} data-testid="delete-mode-transfer" />
            <span>
              <span className="block font-medium">{t("dash.transfer")}</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("dash.transferHint", { name: user.username })}</span>
            </span>
          </label>
          {mode === "transfer" && (
            <TextField label={t("dash.transferTo")} value={target} error={error} autoFocus onChange={(e) => (setTarget(e.target.value), clearError())} data-testid="delete-transfer-to" />
          )}
          <label className="flex items-start gap-3">
            <input type="radio" name="mode" checked={mode === "purge"} onChange={() => setMode("purge")} className={radio} data-testid="delete-mode-purge" />
            <span>
              <span className="block font-medium text-red-700 dark:text-red-400">{t("dash.purge")}</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("dash.purgeHint")}</span>
            </span>
          </label>
          {mode === "purge" && error && <p className="text-xs text-red-600">{error}</p>}
        </div>
      )}
    </FormDialog>
  );
}
