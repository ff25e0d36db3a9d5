"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { partnerApi, partnerKeys, type PartnerItem } from "@/lib/client/partner-api";
import { useT } from "@/lib/i18n/provider";

/** Partners with their status and expiry, and what a team admin (or approver) does to them: disable, enable, extend, activity. */
export function PartnerList({ partners, testId }: { partners: PartnerItem[]; testId?: string }) {
  const t = useT();
  if (partners.length === 0) return <p className="px-1 py-2 text-sm text-zinc-500 dark:text-zinc-400">{t("partners.none")}</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid={testId}>
      {partners.map((p) => (
        <PartnerRow key={p.userId} partner={p} />
      ))}
    </ul>
  );
}

function PartnerRow({ partner: p }: { partner: PartnerItem }) {
  const { t, fail, invalidate } = useFeedback();
  const [extending, setExtending] = useState(false);
  const [date, setDate] = useState(p.expiresOn);
  const [showActivity, setShowActivity] = useState(false);
  const patch = useMutation({
    mutationFn: (changes: { disabled?: boolean; expiresOn?: string }) => partnerApi.patch(p.userId, changes),
    onSuccess: () => {
      setExtending(false);
      invalidate(partnerKeys.all);
    },
    onError: fail,
  });
  return (
    <li className="space-y-2 px-3 py-3 sm:px-4" data-testid="partner-row" data-username={p.username}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium">
            {p.displayName} <span className="font-normal text-zinc-500">· {p.company || p.username}</span>
          </p>
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
            {p.username} · {p.teamName} · {t("partners.expires", { date: p.expiresOn })}
            {p.sponsor ? ` · ${t("partners.sponsor")}: ${p.sponsor}` : ""}
          </p>
        </div>
        <span
          className={
            "rounded-full px-2 py-0.5 text-xs font-medium " +
            (p.disabled ? "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300" : "bg-emerald-50 text-emerald-700 dark:bg-emerald-950/50 dark:text-emerald-300")
          }
        >
          {p.disabled ? t("partners.disabled") : t("partners.active")}
        </span>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant={p.disabled ? "secondary" : "danger"} disabled={patch.isPending} onClick={() => patch.mutate({ disabled: !p.disabled })} data-testid="partner-toggle">
          {p.disabled ? t("partners.enable") : t("partners.disable")}
        </Button>
        <Button size="sm" onClick={() => setExtending((v) => !v)}>
          {t("partners.extend")}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setShowActivity((v) => !v)} aria-expanded={showActivity}>
          {t("partners.activity")}
        </Button>
      </div>
      {extending && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            patch.mutate({ expiresOn: date });
          }}
        >
          <label className="text-sm">
            <span className="mb-1 block text-zinc-600 dark:text-zinc-400">{t("partners.extendTo")}</span>
            <input type="date" required className={inputClass + " w-44"} value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <Button type="submit" size="sm" variant="primary" disabled={patch.isPending}>
            {t("common.save")}
          </Button>
        </form>
      )}
      {showActivity && <PartnerActivity userId={p.userId} />}
    </li>
  );
}

/** The partner's audit log (its sponsor and site admins only; others get an error line). */
export function PartnerActivity({ userId }: { userId: number }) {
  const t = useT();
  const events = useQuery({ queryKey: [...partnerKeys.all, "audit", userId], queryFn: () => partnerApi.audit(userId) });
  if (events.isPending) return <p className="text-xs text-zinc-500">{t("common.loading")}</p>;
  if (events.isError) return <p className="text-xs text-red-600 dark:text-red-400">{events.error.message}</p>;
  if (events.data.events.length === 0) return <p className="text-xs text-zinc-500">{t("partners.noActivity")}</p>;
  return (
    <ol className="max-h-64 space-y-1 overflow-auto rounded-lg bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900" data-testid="partner-activity">
      {events.data.events.map((e) => (
        <li key={e.id} className="flex flex-wrap gap-x-3">
          <time className="text-zinc-500">{e.at.replace("T", " ").slice(0, 19)}</time>
          <span className="font-medium">{e.action}</span>
          {e.ip && <span className="text-zinc-500">{e.ip}</span>}
          {e.targetType && <span className="text-zinc-500">{`${e.targetType} ${e.targetId ?? ""}`}</span>}
        </li>
      ))}
    </ol>
  );
}
