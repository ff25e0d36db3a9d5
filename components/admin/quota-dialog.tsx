"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { QuotaInput, quotaToValue, valueToQuota } from "@/components/admin/quota-input";
import { FormDialog } from "@/components/ui/form-dialog";
import type { UserView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

export function QuotaDialog({ user, onSave, onClose }: { user: UserView; onSave: (quota: number | null) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [value, setValue] = useState(() => quotaToValue(user.quota));

  return (
    <FormDialog
      size="sm"
      title={t("admin.quotaTitle", { name: user.username })}
      testId="quota-dialog"
      submitLabel={t("common.save")}
      submitTestId="quota-confirm"
      validate={() => (valueToQuota(value) === undefined ? t("admin.quotaInvalid") : null)}
      onSubmit={() => onSave(valueToQuota(value)!)}
      onClose={onClose}
    >
      {({ error }) => (
        <div className="space-y-3">
          <FormAlert message={error} />
          <QuotaInput value={value} onChange={setValue} />
        </div>
      )}
    </FormDialog>
  );
}
