"use client";

import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { useFeedback } from "@/components/ui/use-feedback";
import { partnerApi, partnerKeys, type PartnerRequestItem } from "@/lib/client/partner-api";
import { useT } from "@/lib/i18n/provider";

/** Partner requests; with `decide` (approvers) pending ones get approve and reject. */
export function RequestList({ requests, decide = false }: { requests: PartnerRequestItem[]; decide?: boolean }) {
  const t = useT();
  if (requests.length === 0) return <p className="px-1 py-2 text-sm text-zinc-500 dark:text-zinc-400">{t("partners.noRequests")}</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="partner-requests">
      {requests.map((r) => (
        <RequestRow key={r.id} request={r} decide={decide} />
      ))}
    </ul>
  );
}

function RequestRow({ request: r, decide }: { request: PartnerRequestItem; decide: boolean }) {
  const { t, toast, fail, invalidate } = useFeedback();
  const approve = useMutation({
    mutationFn: () => partnerApi.approve(r.id),
    onSuccess: (res) => {
      if (res.mailed) toast.success(t("partners.approved"));
      else toast.error(t("partners.approvedNoMail"));
      invalidate(partnerKeys.all);
    },
    onError: fail,
  });
  const reject = useMutation({
    mutationFn: (reason: string) => partnerApi.reject(r.id, reason),
    onSuccess: () => invalidate(partnerKeys.all),
    onError: fail,
  });
  const tone = r.state === "pending" ? "bg-amber-50 text-amber-800 dark:bg-amber-950/50 dark:text-amber-300" : r.state === "approved" ? "bg-emerald-50 text-emerald-700 dark:bg-emerald-950/50 dark:text-emerald-300" : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300";
  return (
    <li className="space-y-2 px-3 py-3 sm:px-4" data-testid="partner-request" data-email={r.email}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium">
            {r.name} <span className="font-normal text-zinc-500">· {r.company}</span>
          </p>
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
            {r.email} · {r.teamName} · {t("partners.expires", { date: r.expiresOn })}
          </p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("partners.requestedBy", { name: r.requestedBy })}</p>
          <p className="mt-1 text-sm break-words">{r.reason}</p>
          {r.decisionReason && <p className="mt-1 text-xs text-zinc-500">{t("partners.reasonLabel", { reason: r.decisionReason })}</p>}
        </div>
        <span className={"rounded-full px-2 py-0.5 text-xs font-medium " + tone}>{t(`partners.state.${r.state}`)}</span>
      </div>
      {decide && r.state === "pending" && (
        <div className="flex gap-2">
          <Button size="sm" variant="primary" disabled={approve.isPending} onClick={() => approve.mutate()} data-testid="partner-approve">
            {t("partners.approve")}
          </Button>
          <Button
            size="sm"
            variant="danger"
            disabled={reject.isPending}
            data-testid="partner-reject"
            onClick={() => {
              const reason = window.prompt(t("partners.rejectReason"));
              if (reason?.trim()) reject.mutate(reason);
            }}
          >
            {t("partners.reject")}
          </Button>
        </div>
      )}
    </li>
  );
}
