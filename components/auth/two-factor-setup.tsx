"use client";

import { useState } from "react";
import { LogOut, ShieldCheck } from "lucide-react";
import { signOut } from "next-auth/react";
import { EnrolTwoFactorDialog, RecoveryCodesDialog } from "@/components/account/two-factor-dialogs";
import { AuthCard } from "@/components/auth/auth-card";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/provider";

/** Forced enrolment: the QR dialog, then the recovery codes, then on to the files. */
export function TwoFactorSetup() {
  const t = useT();
  const [step, setStep] = useState<{ kind: "intro" } | { kind: "enrol" } | { kind: "codes"; codes: string[] } | { kind: "done" }>({ kind: "intro" });

  return (
    <AuthCard title={t("security.enrolTitle")} subtitle={t("security.enrolSubtitle")}>
      <div className="space-y-3" data-testid="two-factor-setup">
        {step.kind === "done" ? (
          <>
            <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
              {t("security.enrolDone")}
            </p>
            <Button variant="primary" className="w-full justify-center" onClick={() => window.location.assign("/files")} data-testid="two-factor-setup-continue">
              {t("security.enrolContinue")}
            </Button>
          </>
        ) : (
          <Button variant="primary" className="w-full justify-center" icon={<ShieldCheck className="size-4" aria-hidden />} onClick={() => setStep({ kind: "enrol" })} data-testid="two-factor-enable">
            {t("security.enrolStart")}
          </Button>
        )}
        <Button variant="ghost" className="w-full justify-center" icon={<LogOut className="size-4" aria-hidden />} onClick={() => void signOut({ redirectTo: "/login" })} data-testid="two-factor-setup-sign-out">
          {t("security.enrolSignOut")}
        </Button>
      </div>
      {step.kind === "enrol" && (
        <EnrolTwoFactorDialog onEnabled={(codes) => setStep({ kind: "codes", codes })} onClose={() => setStep((s) => (s.kind === "enrol" ? { kind: "intro" } : s))} />
      )}
      {step.kind === "codes" && <RecoveryCodesDialog codes={step.codes} onClose={() => setStep({ kind: "done" })} />}
    </AuthCard>
  );
}
