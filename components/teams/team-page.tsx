"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/shell/page-header";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { getTeam, type Team } from "@/lib/client/team-api";
import { useT } from "@/lib/i18n/provider";

/** The frame of a team's pages: its name, tabs (members, settings) and the loaded team. */
export function TeamPage({ teamId, tab, children }: { teamId: number; tab: "members" | "settings"; children: (team: Team) => ReactNode }) {
  const t = useT();
  const team = useQuery({ queryKey: queryKeys.team(teamId), queryFn: () => getTeam(teamId) });
  const tabClass = (active: boolean) =>
    cn(
      "rounded-lg px-3 py-1.5 text-sm font-medium",
      active ? "bg-brand-50 text-brand-700 dark:bg-brand-950/60 dark:text-brand-200" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
    );
  return (
    <>
      <PageHeader
        title={
          <h1 className="truncate px-1.5 text-base font-semibold" data-testid="team-title">
            {team.data?.name ?? t("teams.title")}
          </h1>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-6 sm:px-6">
        {team.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : team.isError ? (
          <ErrorState title={t("teams.errorTitle")} message={errorMessage(team.error, t("common.unknownError"))} onRetry={() => void team.refetch()} />
        ) : (
          <div className="mx-auto max-w-3xl space-y-6">
            <nav className="flex flex-wrap items-center gap-1" aria-label={t("teams.title")}>
              {team.data.role && (
                <Link href={`/files/${team.data.rootId}`} className={tabClass(false)} data-testid="team-files-tab">
                  {t("teams.files")}
                </Link>
              )}
              <Link href={`/teams/${teamId}/members`} className={tabClass(tab === "members")} aria-current={tab === "members" ? "page" : undefined} data-testid="team-members-tab">
                {t("teams.members")}
              </Link>
              {team.data.manage && (
                <Link href={`/teams/${teamId}/settings`} className={tabClass(tab === "settings")} aria-current={tab === "settings" ? "page" : undefined} data-testid="team-settings-tab">
                  {t("teams.settings")}
                </Link>
              )}
            </nav>
            {children(team.data)}
          </div>
        )}
      </div>
    </>
  );
}
