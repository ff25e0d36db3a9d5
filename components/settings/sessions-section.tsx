"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { LogOut, Monitor, Smartphone, Tablet } from "lucide-react";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { listSessions, revokeSession, sessionsKey, signOutEverywhere, type SessionView } from "@/lib/client/security-api";
import { formatShortDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

type Pending = { kind: "one"; session: SessionView } | { kind: "others" } | { kind: "all" } | null;

const ICONS = { mobile: Smartphone, tablet: Tablet, desktop: Monitor } as const;

/** Settings → Security: the browsers signed in to the account, sign out one, all others, or everywhere. */
export function SessionsSection() {
  const { t, toast, fail, invalidate } = useFeedback();
  const locale = useLocale();
  const list = useQuery({ queryKey: sessionsKey, queryFn: listSessions });
  const [pending, setPending] = useState<Pending>(null);

  const revoke = useMutation({
    mutationFn: async (p: NonNullable<Pending>) => {
      if (p.kind === "one") return revokeSession(p.session.id).then(() => 1);
      return (await signOutEverywhere(p.kind === "all")).ended;
    },
    onSuccess: async (ended, p) => {
      if (p.kind === "all" || (p.kind === "one" && p.session.current)) return void (await signOut({ redirectTo: "/login" }));
      toast.success(p.kind === "one" ? t("security.revoked") : t("security.signedOutOthers", { count: ended }));
      invalidate(sessionsKey);
    },
    onError: fail,
    onSettled: () => setPending(null),
  });

  const sessions = list.data ?? [];
  const device = (s: SessionView) =>
    s.browser && s.os ? t("security.deviceOn", { browser: s.browser, os: s.os }) : (s.browser ?? s.os ?? t("security.unknownDevice"));

  return (
    <section aria-labelledby="sessions-heading" className="border-t border-zinc-200 dark:border-zinc-800" data-testid="sessions-section">
      <div className="flex flex-wrap items-start justify-between gap-3 px-4 pt-5 pb-3 sm:px-6">
        <div className="min-w-0">
          <h2 id="sessions-heading" className="text-sm font-semibold">
            {t("security.sessions")}
          </h2>
          <p className="mt-1 max-w-2xl text-sm text-zinc-500 dark:text-zinc-400">{t("security.sessionsHint")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setPending({ kind: "others" })} disabled={sessions.length < 2} data-testid="sign-out-others">
            {t("security.signOutOthers")}
          </Button>
          <Button size="sm" variant="danger" icon={<LogOut className="size-4" aria-hidden />} onClick={() => setPending({ kind: "all" })} data-testid="sign-out-all">
            {t("security.signOutAll")}
          </Button>
        </div>
      </div>
      {list.isPending ? (
        <SkeletonRows label={t("common.loading")} count={2} />
      ) : list.isError ? (
        <ErrorState title={t("security.sessionsError")} message={errorMessage(list.error, t("common.unknownError"))} onRetry={() => void list.refetch()} />
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" data-testid="sessions-list">
          {sessions.map((s) => {
            const Icon = ICONS[s.deviceType];
            return (
              <li key={s.id} className="flex items-center gap-3 px-4 py-3 sm:px-6" data-testid="session-row" data-current={s.current}>
                <Icon className="size-5 shrink-0 text-zinc-500" aria-hidden />
                <div className="min-w-0 flex-1 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium" data-testid="session-device">
                      {device(s)}
                    </span>
                    {s.current && (
                      <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200" data-testid="session-this-device">
                        {t("security.thisDevice")}
                      </span>
                    )}
                  </div>
                  <div className="mt-0.5 text-xs break-words text-zinc-500 dark:text-zinc-400">
                    {[s.ip ?? t("security.ipUnknown"), t("security.lastSeen", { when: formatShortDateTime(s.lastSeenAt, locale) }), t("security.createdAt", { when: formatShortDateTime(s.createdAt, locale) })].join(" · ")}
                  </div>
                </div>
                <Button size="sm" variant={s.current ? "secondary" : "danger"} onClick={() => setPending({ kind: "one", session: s })} data-testid="session-revoke">
                  {t("security.revoke")}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === "one" ? t("security.revokeTitle") : pending?.kind === "all" ? t("security.signOutAll") : t("security.signOutOthers")}
        body={pending?.kind === "one" ? t("security.revokeBody") : pending?.kind === "all" ? t("security.signOutAllBody") : t("security.signOutOthersBody")}
        confirmLabel={pending?.kind === "one" ? t("security.revoke") : pending?.kind === "all" ? t("security.signOutAll") : t("security.signOutOthers")}
        confirmTestId="session-revoke-confirm"
        danger
        busy={revoke.isPending}
        onConfirm={() => pending && revoke.mutate(pending)}
        onClose={() => setPending(null)}
      />
    </section>
  );
}
