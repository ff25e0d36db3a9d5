"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck, ShieldOff } from "lucide-react";
import { SettingsSection } from "@/components/account/section";
import { DisableTwoFactorDialog, EnrolTwoFactorDialog, RecoveryCodesDialog } from "@/components/account/two-factor-dialogs";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { getTwoFactor } from "@/lib/client/account-settings-api";

const TWO_FACTOR_KEY = ["two-factor"] as const;

/** Two-step verification: status, turn on (QR enrolment, recovery codes once), turn off. */
export function TwoFactorSection() {
  const { t, toast } = useFeedback();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: TWO_FACTOR_KEY, queryFn: getTwoFactor });
  const [dialog, setDialog] = useState<null | { kind: "enrol" } | { kind: "codes"; codes: string[] } | { kind: "disable" }>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: TWO_FACTOR_KEY });
  const enabled = status.data?.enabled ?? false;

  return (
    <SettingsSection
      id="two-factor"
      title={t("twoFactor.title")}
      hint={t("twoFactor.intro")}
      aside={
        status.data && (
          <span
            data-testid="two-factor-status"
            data-enabled={enabled}
            className={
              enabled
                ? "inline-flex items-center gap-1 rounded-full bg-emerald-100 px-2.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
                : "inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2.5 py-0.5 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
            }
          >
            {enabled ? <ShieldCheck className="size-3.5" aria-hidden /> : <ShieldOff className="size-3.5" aria-hidden />}
            {enabled ? t("twoFactor.statusOn") : t("twoFactor.statusOff")}
          </span>
        )
      }
    >
      {status.isPending ? (
        <SkeletonRows label={t("common.loading")} count={1} />
      ) : status.isError ? (
        <ErrorState title={t("settings.errorTitle")} message={errorMessage(status.error, t("common.unknownError"))} onRetry={() => void status.refetch()} />
      ) : enabled ? (
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="recovery-left">
            {t("twoFactor.recoveryLeft", { count: status.data.recoveryCodesLeft })}
          </span>
          {status.data.required ? (
            <span className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="two-factor-required">
              {t("security.requiredBadge")}
            </span>
          ) : (
            <Button variant="danger" onClick={() => setDialog({ kind: "disable" })} data-testid="two-factor-disable">
              {t("twoFactor.disable")}
            </Button>
          )}
        </div>
      ) : (
        <Button variant="primary" icon={<ShieldCheck className="size-4" aria-hidden />} onClick={() => setDialog({ kind: "enrol" })} data-testid="two-factor-enable">
          {t("twoFactor.enable")}
        </Button>
      )}
      {dialog?.kind === "enrol" && (
        <EnrolTwoFactorDialog
          onEnabled={(codes) => {
            refresh();
            toast.success(t("twoFactor.enabled"));
            // The enrol dialog closes after this; its onClose leaves the codes dialog in place.
            setDialog({ kind: "codes", codes });
          }}
          onClose={() => setDialog((current) => (current?.kind === "enrol" ? null : current))}
        />
      )}
      {dialog?.kind === "codes" && <RecoveryCodesDialog codes={dialog.codes} onClose={() => setDialog(null)} />}
      {dialog?.kind === "disable" && (
        <DisableTwoFactorDialog
          onDisabled={() => {
            refresh();
            toast.success(t("twoFactor.disabled"));
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </SettingsSection>
  );
}
