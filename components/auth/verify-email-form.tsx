"use client";

import { useState } from "react";
import { CircleCheck } from "lucide-react";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/forgot-password-form";
import { FormAlert } from "@/components/auth/form-alert";
import { SubmitButton } from "@/components/auth/submit-button";
import { ApiError, errorMessage } from "@/lib/client/api";
import { verifyEmail } from "@/lib/client/security-api";
import { useT } from "@/lib/i18n/provider";

/**
 * /verify-email/<token>: activates on a click, not on load, so mail scanners that open links do not spend the token.
 */
export function VerifyEmailForm({ token }: { token: string }) {
  const t = useT();
  const [state, setState] = useState<{ kind: "form"; error: string | null } | { kind: "done"; username: string } | { kind: "gone" }>({ kind: "form", error: null });
  const [busy, setBusy] = useState(false);

  const activate = async () => {
    setBusy(true);
    try {
      setState({ kind: "done", username: (await verifyEmail(token)).username });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 410) setState({ kind: "gone" });
      else setState({ kind: "form", error: errorMessage(caught, t("common.unknownError")) });
    } finally {
      setBusy(false);
    }
  };

  if (state.kind === "gone") {
    return (
      <AuthCard title={t("security.verifyTitle")} subtitle={t("security.verifyGone")}>
        <div data-testid="verify-gone">
          <BackToSignIn />
        </div>
      </AuthCard>
    );
  }
  if (state.kind === "done") {
    return (
      <AuthCard title={t("security.verifyTitle")} subtitle={t("security.verifySubtitle")}>
        <div className="space-y-4">
          <p role="status" data-testid="verify-done" className="flex items-start gap-2 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-800 dark:border-emerald-900/70 dark:bg-emerald-950/40 dark:text-emerald-300">
            <CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
            <span>{t("security.verified", { username: state.username })}</span>
          </p>
          <BackToSignIn />
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("security.verifyTitle")} subtitle={t("security.verifySubtitle")}>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void activate();
        }}
      >
        <FormAlert message={state.error} />
        <SubmitButton busy={busy} label={t("security.verifyButton")} busyLabel={t("security.verifyButton")} testId="verify-submit" />
      </form>
    </AuthCard>
  );
}
