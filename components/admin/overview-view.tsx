"use client";

import { useQuery } from "@tanstack/react-query";
import { AdminPage, Card, Stat } from "@/components/admin/admin-page";
import { DailyChart } from "@/components/admin/daily-chart";
import { getOverview, type Overview } from "@/lib/client/admin-api";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /admin: the site at a glance. */
export function OverviewView() {
  const query = useQuery({ queryKey: ["admin-overview"], queryFn: getOverview, refetchInterval: 30_000 });
  return <AdminPage title="dash.overviewTitle" query={query}>{(o) => <OverviewBody o={o} />}</AdminPage>;
}

function OverviewBody({ o }: { o: Overview }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => v.toLocaleString(locale);
  const today = o.days.at(-1)!;
  const sum = (f: "uploads" | "downloads") => o.days.reduce((s, d) => s + d[f], 0);
  return (
    <div className="space-y-4" data-testid="admin-overview">
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label={t("dash.users")} value={n(o.users.total)} testId="stat-users" />
        <Stat label={t("dash.teams")} value={n(o.teams)} testId="stat-teams" />
        <Stat label={t("dash.partners")} value={n(o.users.partners)} testId="stat-partners" />
        <Stat label={t("dash.files")} value={n(o.files)} testId="stat-files" />
        <Stat label={t("dash.folders")} value={n(o.folders)} />
        <Stat label={t("dash.activeSessions")} value={n(o.activeSessions)} testId="stat-sessions" />
        <Stat label={t("dash.disabledUsers")} value={n(o.users.disabled)} />
        <Stat label={t("dash.admins")} value={n(o.users.admins)} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t("dash.uploadsChart")} testId="uploads-card">
          <DailyChart days={o.days} field="uploads" label={t("dash.uploads")} color="#4f46e5" testId="uploads-chart" />
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
            {t("dash.todayFigure")}: <span data-testid="today-uploads" className="font-medium text-zinc-800 tabular-nums dark:text-zinc-200">{n(today.uploads)}</span> ({formatBytes(today.uploadBytes, locale)}) ·{" "}
            {t("dash.last30")}: {n(sum("uploads"))}
          </p>
        </Card>
        <Card title={t("dash.downloadsChart")} testId="downloads-card">
          <DailyChart days={o.days} field="downloads" label={t("dash.downloads")} color="#059669" testId="downloads-chart" />
          <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
            {t("dash.todayFigure")}: <span data-testid="today-downloads" className="font-medium text-zinc-800 tabular-nums dark:text-zinc-200">{n(today.downloads)}</span> ({formatBytes(today.downloadBytes, locale)}) ·{" "}
            {t("dash.last30")}: {n(sum("downloads"))}
          </p>
        </Card>
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title={t("dash.storageByPolicy")}>
          <ul className="space-y-2 text-sm">
            {o.policies.map((p) => (
              <li key={p.policyId} className="flex justify-between gap-3">
                <span className="truncate">{p.name} <span className="text-xs text-zinc-500">({p.kind})</span></span>
                <span className="tabular-nums">{formatBytes(p.bytes, locale)}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t("dash.jobs")} testId="jobs-card">
          <ul className="grid grid-cols-2 gap-2 text-sm">
            {(["queued", "running", "done", "failed"] as const).map((s) => (
              <li key={s} className="flex justify-between gap-2">
                <span>{t(`dash.job.${s}`)}</span>
                <span className={`tabular-nums ${s === "failed" && o.jobs.failed > 0 ? "font-semibold text-red-600 dark:text-red-400" : ""}`}>{n(o.jobs[s])}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t("dash.system")}>
          <ul className="space-y-2 text-sm">
            <li className="flex justify-between"><span>{t("dash.version")}</span><span className="tabular-nums">{o.version}</span></li>
            <li className="flex justify-between"><span>{t("dash.database")}</span><Health ok={o.health.database === "ok"} /></li>
            <li className="flex justify-between"><span>{t("dash.storage")}</span><Health ok={o.health.storage === "ok"} /></li>
          </ul>
        </Card>
      </div>
    </div>
  );
}

function Health({ ok }: { ok: boolean }) {
  const t = useT();
  return <span className={ok ? "text-emerald-600 dark:text-emerald-400" : "font-semibold text-red-600 dark:text-red-400"}>{ok ? t("dash.healthy") : t("dash.unhealthy")}</span>;
}
