"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { CircleCheck } from "lucide-react";
import { AuthCard } from "@/components/auth/auth-card";
import { FormAlert } from "@/components/auth/form-alert";
import { SubmitButton } from "@/components/auth/submit-button";
import { TextField } from "@/components/ui/text-field";
import { ApiError, errorMessage } from "@/lib/client/api";
import { requestPasswordReset } from "@/lib/client/account-settings-api";
import { useT } from "@/lib/i18n/provider";

/** /forgot-password: asks for a username or email and always answers the same, whether or not an account matches. */
export function ForgotPasswordForm() {
  const t = useT();
  const [identifier, setIdentifier] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(identifier.trim());
      setSent(true);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 429 ? t("auth.throttled") : errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t("reset.requestTitle")} subtitle={t("reset.requestSubtitle")}>
      {sent ? (
        <div className="space-y-4">
          <p role="status" data-testid="reset-sent" className="flex items-start gap-2 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800 dark:border-emerald-900/70 dark:bg-emerald-950/40 dark:text-emerald-300">
            <CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{t("reset.sent")}</span>
          </p>
          <BackToSignIn />
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" data-testid="forgot-form">
          <FormAlert message={error} />
          <TextField
            label={t("reset.identifier")}
            name="identifier"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={identifier}
            onChange={(event) => setIdentifier(event.target.value)}
          />
          <SubmitButton busy={busy} label={t("reset.send")} busyLabel={t("reset.sending")} testId="forgot-submit" />
          <BackToSignIn />
        </form>
      )}
    </AuthCard>
  );
}

export function BackToSignIn() {
  const t = useT();
  return (
    <Link href="/login" className="block text-center text-sm font-medium text-brand-600 hover:underline dark:text-brand-400">
      {t("reset.backToSignIn")}
    </Link>
  );
}
