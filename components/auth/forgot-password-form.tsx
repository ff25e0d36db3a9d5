"use client";

import { useState } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/auth-link";
import { FormAlert, FormSuccess } from "@/components/auth/form-alert";
import { SubmitButton } from "@/components/auth/submit-button";
import { accountFormError, useFormSubmit } from "@/components/auth/use-form-submit";
import { UsernameField } from "@/components/auth/username-field";
import { requestPasswordReset } from "@/lib/client/account-settings-api";
import { useT } from "@/lib/i18n/provider";

/** /forgot-password: asks for a username or email and always answers the same, whether or not an account matches. */
export function ForgotPasswordForm() {
  const t = useT();
  const [identifier, setIdentifier] = useState("");
  const [sent, setSent] = useState(false);
  const { busy, error, submit } = useFormSubmit((caught) => accountFormError(t, caught));

  return (
    <AuthCard title={t("reset.requestTitle")} subtitle={t("reset.requestSubtitle")}>
      {sent ? (
        <div className="space-y-4">
          <FormSuccess testId="reset-sent">{t("reset.sent")}</FormSuccess>
          <BackToSignIn />
        </div>
      ) : (
        <form onSubmit={submit(async () => (await requestPasswordReset(identifier.trim()), setSent(true)))} className="space-y-4" data-testid="forgot-form">
          <FormAlert message={error} />
          <UsernameField label={t("reset.identifier")} name="identifier" autoFocus value={identifier} onChange={(event) => setIdentifier(event.target.value)} />
          <SubmitButton busy={busy} label={t("reset.send")} busyLabel={t("reset.sending")} testId="forgot-submit" />
          <BackToSignIn />
        </form>
      )}
    </AuthCard>
  );
}
