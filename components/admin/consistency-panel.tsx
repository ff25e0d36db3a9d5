"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ShieldCheck, Wrench } from "lucide-react";
import { Card } from "@/components/admin/admin-page";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useFeedback } from "@/components/ui/use-feedback";
import { latestConsistencyRun, startConsistencyRun } from "@/lib/client/admin-api";
import type { ConsistencyReport } from "@/lib/domain/consistency-report";
import { formatDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";

/** The kinds of finding, in the order the report lists them, with their labels. */
const KINDS: [keyof ConsistencyReport & ("orphanObjects" | "missingBytes" | "sizeMismatches" | "refCounts" | "spaceUsage" | "folderSizes" | "reservations" | "stagingOrphans"), MessageKey][] = [
  ["missingBytes", "dash.fsck.missingBytes"],
  ["sizeMismatches", "dash.fsck.sizeMismatches"],
  ["orphanObjects", "dash.fsck.orphanObjects"],
  ["refCounts", "dash.fsck.refCounts"],
  ["spaceUsage", "dash.fsck.spaceUsage"],
  ["folderSizes", "dash.fsck.folderSizes"],
  ["reservations", "dash.fsck.reservations"],
  ["stagingOrphans", "dash.fsck.stagingOrphans"],
];

/** Admin → Jobs: run the consistency check (optionally repairing) as a job, and the latest run's findings. */
export function ConsistencyPanel() {
  const { t, fail, invalidate } = useFeedback();
  const locale = useLocale();
  const query = useQuery({
    queryKey: ["admin-fsck"],
    queryFn: latestConsistencyRun,
    refetchInterval: (q) => (q.state.data?.run?.status === "running" ? 2000 : false),
  });
  const start = useMutation({
    mutationFn: (repair: boolean) => startConsistencyRun(repair),
    onSuccess: () => invalidate(["admin-fsck"], ["admin-jobs"]),
    onError: fail,
  });
  const run = query.data?.run;
  const running = run?.status === "running" || start.isPending;
  const report = run?.status === "done" ? (run.report as ConsistencyReport) : null;
  return (
    <Card title={t("dash.fsck.title")} testId="fsck-panel">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("dash.fsck.about")}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button size="sm" icon={<ShieldCheck className="size-4" aria-hidden />} onClick={() => start.mutate(false)} disabled={running} data-testid="fsck-check">
          {t("dash.fsck.check")}
        </Button>
        <Button size="sm" icon={<Wrench className="size-4" aria-hidden />} onClick={() => start.mutate(true)} disabled={running} data-testid="fsck-repair">
          {t("dash.fsck.repair")}
        </Button>
      </div>
      {run && (
        <div className="mt-3 text-sm" data-testid="fsck-result" data-status={run.status} data-repair={run.repair}>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {t(run.repair ? "dash.fsck.lastRepair" : "dash.fsck.lastCheck", { at: formatDateTime(run.createdAt, locale) })} ·{" "}
            {run.status === "running" ? t("dash.fsck.running") : run.status === "failed" ? t("dash.job.failed") : report && report.unresolved === 0 ? t("dash.fsck.clean") : t("dash.fsck.unresolved", { n: String(report?.unresolved ?? 0) })}
          </p>
          {report && (
            <ul className="mt-2 grid gap-1 sm:grid-cols-2">
              {KINDS.map(([kind, label]) => (
                <li key={kind} className="flex justify-between gap-3 rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-800/60">
                  <span>{t(label)}</span>
                  <span className={cn("tabular-nums", report[kind].count > 0 && "font-semibold text-amber-700 dark:text-amber-300")} data-testid={`fsck-${kind}`}>
                    {report[kind].count}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {report && report.unresolved > 0 && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{t("dash.fsck.details")}</p>}
        </div>
      )}
    </Card>
  );
}
