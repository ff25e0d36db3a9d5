"use client";

import { useEffect, useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { QrCode } from "@/components/share/qr-code";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { FormDialog } from "@/components/ui/form-dialog";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { ApiError, errorMessage } from "@/lib/client/api";
import { beginTwoFactor, confirmTwoFactor, disableTwoFactor, type TwoFactorEnrolment } from "@/lib/client/account-settings-api";
import { useT } from "@/lib/i18n/provider";

/** Enrolment: a fresh secret as a QR code and as text, confirmed with a code from the app. */
export function EnrolTwoFactorDialog({ onEnabled, onClose }: { onEnabled: (recoveryCodes: string[]) => void; onClose: () => void }) {
  const t = useT();
  const [enrolment, setEnrolment] = useState<TwoFactorEnrolment | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [code, setCode] = useState("");

  useEffect(() => {
    let live = true;
    beginTwoFactor().then(
      (started) => live && setEnrolment(started),
      (caught: unknown) => live && setLoadError(errorMessage(caught, t("common.unknownError"))),
    );
    return () => {
      live = false;
    };
  }, [t]);

  return (
    <FormDialog
      title={t("twoFactor.setupTitle")}
      testId="two-factor-enrol-dialog"
      submitLabel={t("twoFactor.enable")}
      submitTestId="two-factor-confirm"
      submitDisabled={!enrolment || code.trim().length === 0}
      onSubmit={async () => {
        try {
          const { recoveryCodes } = await confirmTwoFactor(code.trim());
          onEnabled(recoveryCodes);
        } catch (caught) {
          throw caught instanceof ApiError && caught.code === "INVALID_INPUT" ? new Error(t("twoFactor.wrongCode")) : caught;
        }
      }}
      onClose={onClose}
    >
      {({ error }) => (
        <div className="space-y-4">
          <FormAlert message={loadError ?? error} />
          <p className="text-sm text-zinc-600 dark:text-zinc-300">{t("twoFactor.scan")}</p>
          {enrolment ? (
            <>
              <div className="flex justify-center">
                <QrCode text={enrolment.uri} label={t("twoFactor.setupTitle")} size={176} />
              </div>
              <div className="space-y-1.5">
                <span className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("twoFactor.secret")}</span>
                <div className="flex items-center gap-2">
                  <code data-testid="totp-secret" className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-sm break-all select-all dark:border-zinc-700 dark:bg-zinc-900">
                    {enrolment.secret}
                  </code>
                  <CopyButton text={enrolment.secret} iconOnly testId="totp-secret-copy" />
                </div>
              </div>
              <TextField
                label={t("twoFactor.confirmCode")}
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                value={code}
                onChange={(event) => setCode(event.target.value)}
                data-testid="two-factor-code"
              />
            </>
          ) : (
            !loadError && (
              <div className="flex justify-center py-8">
                <Spinner />
              </div>
            )
          )}
        </div>
      )}
    </FormDialog>
  );
}

/** The ten recovery codes, shown once right after enrolment. */
export function RecoveryCodesDialog({ codes, onClose }: { codes: string[]; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog
      open
      onClose={onClose}
      title={t("twoFactor.codesTitle")}
      description={t("twoFactor.codesOnce")}
      testId="recovery-codes-dialog"
      footer={
        <Button variant="primary" onClick={onClose} data-testid="recovery-codes-done">
          {t("twoFactor.codesDone")}
        </Button>
      }
    >
      <div className="space-y-3">
        <ol className="grid grid-cols-2 gap-x-4 gap-y-1.5 rounded-lg border border-zinc-300 bg-zinc-50 p-3 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900" data-testid="recovery-codes">
          {codes.map((code) => (
            <li key={code} data-testid="recovery-code" className="select-all">
              {code}
            </li>
          ))}
        </ol>
        <CopyButton text={codes.join("\n")} size="md" testId="recovery-codes-copy" />
      </div>
    </Dialog>
  );
}

/** Turning it off: the password and a code (or a recovery code). */
export function DisableTwoFactorDialog({ onDisabled, onClose }: { onDisabled: () => void; onClose: () => void }) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  return (
    <FormDialog
      title={t("twoFactor.disableTitle")}
      testId="two-factor-disable-dialog"
      submitLabel={t("twoFactor.disable")}
      submitTestId="two-factor-disable-confirm"
      submitDisabled={!password || !code.trim()}
      onSubmit={async () => {
        try {
          await disableTwoFactor(password, code.trim());
          onDisabled();
        } catch (caught) {
          if (caught instanceof ApiError && caught.status === 403) throw new Error(t("account.wrongPassword"));
          if (caught instanceof ApiError && caught.status === 401) throw new Error(t("auth.wrongCode"));
          if (caught instanceof ApiError && caught.status === 429) throw new Error(t("auth.throttled"));
          throw caught;
        }
      }}
      onClose={onClose}
    >
      {({ error }) => (
        <div className="space-y-4">
          <p className="text-sm text-zinc-600 dark:text-zinc-300">{t("twoFactor.disableBody")}</p>
          <FormAlert message={error} />
          <TextField label={t("account.currentPassword")} type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
          <TextField label={t("twoFactor.codeOrRecovery")} autoComplete="one-time-code" required value={code} onChange={(event) => setCode(event.target.value)} data-testid="two-factor-disable-code" />
        </div>
      )}
    </FormDialog>
  );
}
