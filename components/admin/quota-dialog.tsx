"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { QuotaInput, quotaToValue, valueToQuota } from "@/components/admin/quota-input";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import type { UserView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

export function QuotaDialog({ user, onSave, onClose }: { user: UserView; onSave: (quota: number | null) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [value, setValue] = useState(() => quotaToValue(user.quota));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const quota = valueToQuota(value);
    if (quota === undefined) return setError(t("admin.quotaInvalid"));
    setBusy(true);
    try {
      await onSave(quota);
      onClose();
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      size="sm"
      busy={busy}
      onClose={onClose}
      title={t("admin.quotaTitle", { name: user.username })}
      testId="quota-dialog"
      onSubmit={() => void submit()}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" variant="primary" disabled={busy} data-testid="quota-confirm">
            {busy && <Spinner />}
            {t("common.save")}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <FormAlert message={error} />
        <QuotaInput value={value} onChange={setValue} />
      </div>
    </Dialog>
  );
}
