"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormAlert } from "@/components/auth/form-alert";
import { PolicySelect } from "@/components/admin/policy-select";
import { QuotaInput, quotaToValue, valueToQuota, type QuotaValue } from "@/components/admin/quota-input";
import { useShell } from "@/components/shell/shell-context";
import { DeleteTeamDialog } from "@/components/teams/delete-team-dialog";
import { TeamPage } from "@/components/teams/team-page";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { deleteTeam, updateTeam, type Team, type TeamRemoval } from "@/lib/client/team-api";
import { useT } from "@/lib/i18n/provider";

/** /teams/:id/settings: name and description (team admins), quota and storage policy (site admins), delete the team. */
export function TeamSettingsView({ teamId }: { teamId: number }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t("teams.settings")} · ${t("app.name")}`;
  }, [t]);
  return <TeamPage teamId={teamId} tab="settings">{(team) => <SettingsForm key={team.id} team={team} />}</TeamPage>;
}

function SettingsForm({ team }: { team: Team }) {
  const t = useT();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { user } = useShell();
  const siteAdmin = user.role === "admin";
  const { toast, invalidate } = useFeedback();
  const [name, setName] = useState(team.name);
  const [description, setDescription] = useState(team.description);
  const [quota, setQuota] = useState<QuotaValue>(quotaToValue(team.quota));
  const [policyId, setPolicyId] = useState(team.policyId);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);

  const save = useMutation({
    mutationFn: () => {
      const bytes = valueToQuota(quota);
      if (siteAdmin && bytes === undefined) throw new Error(t("admin.quotaInvalid"));
      return updateTeam(team.id, { name: name.trim(), description, ...(siteAdmin ? { quota: bytes, ...(policyId !== team.policyId ? { policyId } : {}) } : {}) });
    },
    onSuccess: (saved) => {
      setError(null);
      queryClient.setQueryData(queryKeys.team(team.id), saved);
      invalidate(queryKeys.teams);
      toast.success(t("teams.saved"));
    },
    onError: (caught) => setError(errorMessage(caught, t("common.unknownError"))),
  });
  const onDelete = async (how: TeamRemoval) => {
    await deleteTeam(team.id, how);
    invalidate(queryKeys.teams, queryKeys.allTeams, queryKeys.me);
    toast.success(t("teams.deleted", { name: team.name }));
    router.push("/teams");
  };

  return (
    <>
      <form
        className="space-y-4 rounded-xl border border-zinc-200 p-4 sm:p-6 dark:border-zinc-800"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
        data-testid="team-settings-form"
      >
        <FormAlert message={error} />
        <TextField label={t("teams.name")} required value={name} onChange={(e) => setName(e.target.value)} data-testid="team-name" />
        <TextField label={t("teams.description")} labelNote={t("auth.optional")} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="team-description" />
        {siteAdmin ? (
          <QuotaInput value={quota} onChange={setQuota} />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-300">{t("teams.quotaByAdmin")}</p>
        )}
        {siteAdmin ? (
          <PolicySelect value={policyId} onChange={setPolicyId} testId="team-policy" />
        ) : (
          <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="team-policy">
            {t("teams.policy", { id: team.policyId })}
          </p>
        )}
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={save.isPending || !name.trim()} data-testid="team-save">
            {save.isPending && <Spinner />}
            {t("teams.save")}
          </Button>
        </div>
      </form>
      <section className="space-y-3 rounded-xl border border-red-200 p-4 sm:p-6 dark:border-red-900/60">
        <h2 className="text-sm font-semibold text-red-700 dark:text-red-300">{t("teams.deleteTitle")}</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-300">{t("teams.deleteHint")}</p>
        <Button variant="danger" onClick={() => setDeleting(true)} data-testid="team-delete">
          {t("teams.delete")}
        </Button>
      </section>
      {deleting && <DeleteTeamDialog team={team} onDelete={onDelete} onClose={() => setDeleting(false)} />}
    </>
  );
}
