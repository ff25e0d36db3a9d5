"use client";

import { useEffect, useRef, useState } from "react";
import { LockKeyhole } from "lucide-react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import { submitSharePassword } from "@/lib/client/share-api";
import { formatDuration } from "@/lib/i18n/format";
import { useT } from "@/lib/i18n/provider";

/** The link's password form. The server remembers a right password in a cookie for this link. */
export function PasswordGate({ token, onUnlocked }: { token: string; onUnlocked: () => void }) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  const submit = async () => {
    if (!password || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await submitSharePassword(token, password);
      if (result === "ok") return onUnlocked();
      if (result === "wrong") setError(t("public.wrongPassword"));
      else setError(result.throttledSeconds ? t("public.throttledFor", { time: formatDuration(result.throttledSeconds, t) }) : t("public.throttled"));
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
    }
    setBusy(false);
    inputRef.current?.select();
  };

  return (
    <form
      className="mx-auto mt-10 w-full max-w-sm space-y-4 rounded-2xl border border-zinc-200 p-6 shadow-sm dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      data-testid="share-password-form"
    >
      <div className="flex flex-col items-center gap-2 text-center">
        <span className="flex size-12 items-center justify-center rounded-2xl bg-brand-50 text-brand-600 dark:bg-brand-950/60 dark:text-brand-300">
          <LockKeyhole className="size-6" aria-hidden />
        </span>
        <h1 className="text-base font-semibold">{t("public.passwordTitle")}</h1>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("public.passwordHint")}</p>
      </div>
      <FormAlert message={error} testId="share-password-error" />
      <TextField ref={inputRef} label={t("auth.password")} type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} data-testid="share-password" />
      <Button type="submit" variant="primary" className="w-full" disabled={busy || !password} data-testid="share-password-submit">
        {busy && <Spinner />}
        {t("public.unlock")}
      </Button>
    </form>
  );
}
