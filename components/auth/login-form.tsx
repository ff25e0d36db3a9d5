"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { AuthCard } from "@/components/auth/auth-card";
import { AuthLink, authLinkClass } from "@/components/auth/auth-link";
import { FormAlert } from "@/components/auth/form-alert";
import { SubmitButton } from "@/components/auth/submit-button";
import { UsernameField } from "@/components/auth/username-field";
import { TextField } from "@/components/ui/text-field";
import { useT } from "@/lib/i18n/provider";

/** Only same-site paths, so a crafted link can't send the user elsewhere after signing in. */
function safeTarget(callbackUrl: string | undefined): string {
  if (!callbackUrl) return "/files";
  try {
    const url = new URL(callbackUrl, window.location.origin);
    return url.origin === window.location.origin ? url.pathname + url.search : "/files";
  } catch {
    return "/files";
  }
}

export function LoginForm({ callbackUrl, registrationOpen = false }: { callbackUrl?: string; registrationOpen?: boolean }) {
  const t = useT();
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** After a right password on an account with two-step verification: the code step (TOTP or a recovery code). */
  const [secondStep, setSecondStep] = useState<null | "totp" | "recovery">(null);
  const [code, setCode] = useState("");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await signIn("credentials", { username, password, ...(secondStep ? { code } : {}), redirect: false });
      if (!result || result.error) {
        const throttled = result?.code === "throttled" || result?.error === "throttled";
        if (result?.code === "second_factor") {
          setSecondStep("totp");
        } else {
          setError(throttled ? t("auth.throttled") : secondStep ? t("auth.wrongCode") : t("auth.wrongPassword"));
        }
        setBusy(false);
        return;
      }
      router.replace(safeTarget(callbackUrl));
      router.refresh();
    } catch {
      setError(t("common.unknownError"));
      setBusy(false);
    }
  };

  if (secondStep) {
    const recovery = secondStep === "recovery";
    return (
      <AuthCard title={t("auth.codeTitle")} subtitle={recovery ? t("auth.recoverySubtitle") : t("auth.codeSubtitle")}>
        <form onSubmit={submit} className="space-y-4" data-testid="second-factor-form">
          <FormAlert message={error} testId="login-error" />
          <TextField
            key={secondStep}
            label={recovery ? t("auth.recoveryCode") : t("auth.code")}
            name="code"
            autoComplete="one-time-code"
            inputMode={recovery ? "text" : "numeric"}
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={code}
            onChange={(event) => setCode(event.target.value)}
            data-testid="second-factor-code"
          />
          <SubmitButton busy={busy} label={t("auth.verify")} busyLabel={t("auth.verifying")} testId="second-factor-submit" />
          <button
            type="button"
            className={authLinkClass}
            onClick={() => {
              setSecondStep(recovery ? "totp" : "recovery");
              setCode("");
              setError(null);
            }}
            data-testid="second-factor-switch"
          >
            {recovery ? t("auth.useAuthenticator") : t("auth.useRecoveryCode")}
          </button>
        </form>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t("auth.signInTitle")} subtitle={t("auth.signInSubtitle")}>
      <form onSubmit={submit} className="space-y-4" data-testid="login-form">
        <FormAlert message={error} testId="login-error" />
        <UsernameField label={t("auth.username")} name="username" autoFocus value={username} onChange={(event) => setUsername(event.target.value)} />
        <TextField
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <SubmitButton busy={busy} label={t("auth.signIn")} busyLabel={t("auth.signingIn")} testId="login-submit" />
        <AuthLink href="/forgot-password" testId="forgot-password-link">
          {t("auth.forgotPassword")}
        </AuthLink>
        {registrationOpen && (
          <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">
            {t("security.noAccount")}{" "}
            <Link href="/register" className="font-medium text-brand-600 hover:underline dark:text-brand-400" data-testid="create-account-link">
              {t("security.createAccount")}
            </Link>
          </p>
        )}
      </form>
    </AuthCard>
  );
}
