"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, Plus, Settings2, Trash2, Users } from "lucide-react";
import { PageHeader } from "@/components/shell/page-header";
import { useShell } from "@/components/shell/shell-context";
import { CreateTeamDialog } from "@/components/teams/create-team-dialog";
import { DeleteTeamDialog } from "@/components/teams/delete-team-dialog";
import { ROLE_LABEL } from "@/components/teams/role-select";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { createTeam, deleteTeam, listTeams, type Team } from "@/lib/client/team-api";
import { apiFetch } from "@/lib/client/api";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /teams: the user's teams (site admins: every team), "New team", and for site admins who may create teams. */
export function TeamsView() {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const params = useSearchParams();
  const { user } = useShell();
  const siteAdmin = user.role === "admin";
  const { invalidate, toast } = useFeedback();
  const teams = useQuery({ queryKey: siteAdmin ? queryKeys.allTeams : queryKeys.teams, queryFn: () => listTeams(siteAdmin) });
  const [creating, setCreating] = useState(params.get("new") === "1");
  const [deleting, setDeleting] = useState<Team | null>(null);

  useEffect(() => {
    document.title = `${t("teams.title")} · ${t("app.name")}`;
  }, [t]);

  const onCreate = async (input: { name: string; description: string; quota?: number | null }) => {
    const team = await createTeam(input);
    toast.success(t("teams.created", { name: team.name }));
    invalidate(queryKeys.teams, queryKeys.me);
    router.push(`/teams/${team.id}/members`);
    return team;
  };

  return (
    <>
      <PageHeader
        title={<h1 className="px-1.5 text-base font-semibold">{t("teams.title")}</h1>}
        actions={
          teams.data?.canCreate && (
            <Button variant="primary" icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)} data-testid="new-team">
              {t("teams.new")}
            </Button>
          )
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-6 sm:px-6">
        {teams.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : teams.isError ? (
          <ErrorState title={t("teams.errorTitle")} message={errorMessage(teams.error, t("common.unknownError"))} onRetry={() => void teams.refetch()} />
        ) : (
          <div className="mx-auto max-w-3xl space-y-6">
            {teams.data.teams.length === 0 ? (
              <EmptyState icon={<Building2 className="size-8" aria-hidden />} title={t("teams.none")} hint={teams.data.canCreate ? t("teams.noneHint") : undefined} />
            ) : (
              <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="team-list">
                {teams.data.teams.map((team) => (
                  <TeamRow key={team.id} team={team} onDelete={() => setDeleting(team)} usage={team.quota === null ? t("quota.usedUnlimited", { used: formatBytes(team.usedBytes, locale) }) : t("quota.usedOf", { used: formatBytes(team.usedBytes, locale), total: formatBytes(team.quota, locale) })} />
                ))}
              </ul>
            )}
            {siteAdmin && <UsersMayCreateTeams />}
          </div>
        )}
      </div>
      {creating && <CreateTeamDialog siteAdmin={siteAdmin} onCreate={onCreate} onClose={() => setCreating(false)} />}
      {deleting && (
        <DeleteTeamDialog
          team={deleting}
          onClose={() => setDeleting(null)}
          onDelete={async (how) => {
            await deleteTeam(deleting.id, how);
            toast.success(t("teams.deleted", { name: deleting.name }));
            invalidate(queryKeys.teams, queryKeys.allTeams, queryKeys.me);
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}

function TeamRow({ team, usage, onDelete }: { team: Team; usage: string; onDelete: () => void }) {
  const t = useT();
  const link = "flex size-8 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800";
  return (
    <li className="flex items-center gap-3 px-3 py-3 sm:px-4" data-testid="team-row" data-name={team.name}>
      <Building2 className="size-5 shrink-0 text-brand-600 dark:text-brand-400" aria-hidden />
      <div className="min-w-0 flex-1">
        {team.role ? (
          <Link href={`/files/${team.rootId}`} className="block truncate text-sm font-medium hover:underline">
            {team.name}
          </Link>
        ) : (
          <span className="block truncate text-sm font-medium">{team.name}</span>
        )}
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400">
          {team.role ? t(ROLE_LABEL[team.role]) : t("teams.notMember")} · {usage}
          {team.description && ` · ${team.description}`}
        </span>
      </div>
      {team.role !== "partner" && (
        <Link href={`/teams/${team.id}/members`} className={link} aria-label={t("teams.membersOf", { name: team.name })} title={t("teams.members")} data-testid="team-row-members">
          <Users className="size-4" aria-hidden />
        </Link>
      )}
      {team.manage && (
        <Link href={`/teams/${team.id}/settings`} className={link} aria-label={t("teams.settingsOf", { name: team.name })} title={t("teams.settings")} data-testid="team-row-settings">
          <Settings2 className="size-4" aria-hidden />
        </Link>
      )}
      {team.manage && (
        <button type="button" onClick={onDelete} className={link} aria-label={t("teams.deleteNamed", { name: team.name })} title={t("teams.delete")} data-testid="team-row-delete">
          <Trash2 className="size-4" aria-hidden />
        </button>
      )}
    </li>
  );
}

/** Site admins: whether users may create teams (off by default). */
function UsersMayCreateTeams() {
  const t = useT();
  const queryClient = useQueryClient();
  const { fail } = useFeedback();
  const setting = useQuery({ queryKey: ["team-settings"], queryFn: () => apiFetch<{ usersMayCreateTeams: boolean }>("/api/admin/settings/teams") });
  const save = useMutation({
    mutationFn: (on: boolean) => apiFetch<{ usersMayCreateTeams: boolean }>("/api/admin/settings/teams", { method: "PUT", json: { usersMayCreateTeams: on } }),
    onSuccess: (data) => queryClient.setQueryData(["team-settings"], data),
    onError: fail,
  });
  if (!setting.data) return null;
  return (
    <label className="flex items-start gap-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
      <input
        type="checkbox"
        checked={setting.data.usersMayCreateTeams}
        disabled={save.isPending}
        onChange={(event) => save.mutate(event.target.checked)}
        className="mt-0.5 size-4 accent-brand-600"
        data-testid="users-may-create-teams"
      />
      <span>
        <span className="block text-sm font-medium">{t("teams.usersMayCreate")}</span>
        <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("teams.usersMayCreateHint")}</span>
      </span>
    </label>
  );
}
