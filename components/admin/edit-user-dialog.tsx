"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { PolicySelect } from "@/components/admin/policy-select";
import { FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";
import type { UserChanges } from "@/lib/client/admin-api";
import type { UserView } from "@/lib/client/api-types";
import { assignPolicy, policyAssignment } from "@/lib/client/storage-api";
import { useT } from "@/lib/i18n/provider";

/** Display name, email, role and storage policy of an account (quota and password have their own dialogs). */
export function EditUserDialog({ user, isSelf, onSave, onClose }: { user: UserView; isSelf: boolean; onSave: (changes: UserChanges) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? "");
  const [admin, setAdmin] = useState(user.role === "admin");
  const assigned = useQuery({ queryKey: ["policy-assignment", "user", user.id], queryFn: () => policyAssignment({ userId: user.id }) });
  const [policyId, setPolicyId] = useState<number | null>(null);
  const save = async () => {
    await onSave({ displayName, email, ...(user.role !== "partner" && !isSelf ? { role: admin ? "admin" : "user" } : {}) });
    if (policyId !== null && policyId !== assigned.data?.policyId) await assignPolicy(policyId, { userId: user.id });
  };
  return (
    <FormDialog
      size="sm"
      title={t("dash.editTitle", { name: user.username })}
      testId="edit-user-dialog"
      submitLabel={t("common.save")}
      submitTestId="edit-user-save"
      onSubmit={save}
      onClose={onClose}
    >
      {({ error, clearError }) => (
        <div className="space-y-4">
          <TextField label={t("dash.displayName")} value={displayName} autoFocus onChange={(e) => (setDisplayName(e.target.value), clearError())} data-testid="edit-display-name" />
          <TextField label={t("admin.column.email")} type="email" value={email} error={error} onChange={(e) => (setEmail(e.target.value), clearError())} data-testid="edit-email" />
          {user.role !== "partner" && (
            <label className="flex items-start gap-3">
              <input type="checkbox" checked={admin} disabled={isSelf} onChange={(e) => setAdmin(e.target.checked)} className="mt-0.5 size-4 accent-brand-600" data-testid="edit-admin" />
              <span>
                <span className="block text-sm font-medium">{t("admin.isAdmin")}</span>
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("admin.isAdminHint")}</span>
              </span>
            </label>
          )}
          <PolicySelect value={policyId ?? assigned.data?.policyId ?? null} onChange={setPolicyId} testId="edit-policy" />
        </div>
      )}
    </FormDialog>
  );
}
