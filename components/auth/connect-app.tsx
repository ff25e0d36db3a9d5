"use client";

import Link from "next/link";
import { useState } from "react";
import { CircleCheck } from "lucide-react";
import { AuthCard } from "@/components/auth/auth-card";
import { SubmitButton } from "@/components/auth/submit-button";
import { useT } from "@/lib/i18n/provider";
import type { LoginFlowView } from "@/lib/services/login-flow.service";

/**
 * The grant card of /connect/<token>. A plain form post (not fetch): for Login Flow v1 the answer is the
 * `nc://login/…` redirect that the app's web view waits for.
 */
export function ConnectApp({ token, flow, account }: { token: string; flow: LoginFlowView | null; account: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  if (!flow) {
    return (
      <AuthCard title={t("connect.goneTitle")} subtitle={t("connect.gone")}>
        <Link href="/files" className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400" data-testid="connect-gone">
          {t("connect.cancel")}
        </Link>
      </AuthCard>
    );
  }
  if (flow.granted) {
    return (
      <AuthCard title={t("connect.doneTitle")} subtitle={t("connect.done")}>
        <p className="flex items-center gap-2 text-sm text-emerald-700 dark:text-emerald-400" data-testid="connect-done">
          <CircleCheck className="size-5 shrink-0" aria-hidden />
          <span className="break-all">{flow.clientName}</span>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("connect.title")} subtitle={t("connect.subtitle")}>
      <form method="post" action="/index.php/login/grant" onSubmit={() => setBusy(true)} className="space-y-4">
        <input type="hidden" name="token" value={token} />
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">{t("connect.client")}</dt>
            <dd className="mt-0.5 font-medium break-all" data-testid="connect-client">{flow.clientName}</dd>
          </div>
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">{t("connect.account")}</dt>
            <dd className="mt-0.5 font-medium break-all">{account}</dd>
          </div>
        </dl>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("connect.explain")}</p>
        <SubmitButton busy={busy} label={t("connect.grant")} busyLabel={t("connect.granting")} testId="connect-grant" />
        <Link href="/files" className="block text-center text-sm text-zinc-600 hover:underline dark:text-zinc-400">
          {t("connect.cancel")}
        </Link>
      </form>
    </AuthCard>
  );
}
