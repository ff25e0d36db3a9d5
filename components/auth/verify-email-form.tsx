"use client";

import { useState } from "react";
import { AuthCard } from "@/components/auth/auth-card";
import { BackToSignIn } from "@/components/auth/auth-link";
import { FormAlert, FormSuccess } from "@/components/auth/form-alert";
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
          <FormSuccess testId="verify-done">{t("security.verified", { username: state.username })}</FormSuccess>
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
