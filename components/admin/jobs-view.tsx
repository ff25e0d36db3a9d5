"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";
import { AdminPage } from "@/components/admin/admin-page";
import { ThumbnailsPanel } from "@/components/admin/thumbnails-panel";
import { ConsistencyPanel } from "@/components/admin/consistency-panel";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { cn } from "@/components/ui/cn";
import { useFeedback } from "@/components/ui/use-feedback";
import { listJobs, retryJob, type JobView } from "@/lib/client/admin-api";
import { formatDateTime } from "@/lib/i18n/format";
import { useLocale } from "@/lib/i18n/provider";

const TABS = [undefined, "queued", "running", "failed", "done"] as const;
const TONES: Record<JobView["status"], string> = {
  queued: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  running: "bg-brand-100 text-brand-800 dark:bg-brand-900/70 dark:text-brand-200",
  done: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
};

/** /admin/jobs: background jobs by state; a failed one shows its error and can be retried. */
export function JobsView() {
  const { t, toast, fail, invalidate } = useFeedback();
  const locale = useLocale();
  const [status, setStatus] = useState<JobView["status"] | undefined>(undefined);
  const query = useQuery({ queryKey: ["admin-jobs", status ?? "all"], queryFn: () => listJobs(status), refetchInterval: 5000 });
  const retry = useMutation({
    mutationFn: (job: JobView) => retryJob(job.id),
    onSuccess: (job) => {
      toast.success(t("dash.jobRetried", { id: String(job.id) }));
      invalidate(["admin-jobs"]);
    },
    onError: fail,
  });
  return (
    <AdminPage title="dash.jobsTitle" query={query}>
      {({ items }) => (
        <div className="space-y-4">
          <ThumbnailsPanel />
          <ConsistencyPanel />
          <div role="tablist" className="flex flex-wrap gap-1.5">
            {TABS.map((s) => (
              <button
                key={s ?? "all"}
                role="tab"
                aria-selected={status === s}
                onClick={() => setStatus(s)}
                data-testid={`jobs-tab-${s ?? "all"}`}
                className={cn("rounded-full px-3 py-1 text-sm", status === s ? "bg-brand-600 text-white" : "bg-zinc-100 text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700")}
              >
                {s ? t(`dash.job.${s}`) : t("dash.all")}
              </button>
            ))}
          </div>
          {items.length === 0 ? (
            <p className="py-10 text-center text-sm text-zinc-500">{t("dash.noJobs")}</p>
          ) : (
            <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="jobs-list">
              {items.map((job) => (
                <li key={job.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-start" data-testid="job-row" data-status={job.status}>
                  <div className="min-w-0 flex-1">
                    <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                      <span className="font-mono">{job.type}</span>
                      <span className={cn("rounded-full px-2 py-0.5 text-xs", TONES[job.status])}>{t(`dash.job.${job.status}`)}</span>
                      <span className="text-xs font-normal text-zinc-500">#{job.id}</span>
                    </p>
                    <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                      {t("dash.attempts", { n: String(job.attempts), max: String(job.maxAttempts) })} · {t("dash.runAt")} {formatDateTime(job.runAt, locale)}
                      {job.finishedAt && ` · ${t("dash.finishedAt")} ${formatDateTime(job.finishedAt, locale)}`}
                      {job.status === "running" && job.progress > 0 && ` · ${Math.round(job.progress * 100)} %`}
                    </p>
                    {job.status === "running" && (
                      <div className="mt-1.5 flex items-center gap-2" data-testid="job-progress">
                        <ProgressBar value={job.progress} label={t("dash.jobProgress", { percent: String(Math.round(job.progress * 100)) })} className="max-w-xs" />
                        <span className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{Math.round(job.progress * 100)}%</span>
                      </div>
                    )}
                    {job.lastError && (
                      <p className="mt-1 rounded bg-red-50 px-2 py-1 font-mono text-xs break-all text-red-800 dark:bg-red-950/40 dark:text-red-300" data-testid="job-error">
                        {job.lastError}
                      </p>
                    )}
                  </div>
                  {job.status === "failed" && (
                    <Button size="sm" icon={<RotateCw className="size-4" aria-hidden />} onClick={() => retry.mutate(job)} disabled={retry.isPending} data-testid="job-retry">
                      {t("dash.retry")}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </AdminPage>
  );
}
