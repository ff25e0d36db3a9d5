"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { FormAlert } from "@/components/auth/form-alert";
import { FormDialog } from "@/components/ui/form-dialog";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { pageUsers } from "@/lib/client/admin-api";
import { queryKeys } from "@/lib/client/query-keys";
import type { PolicyTarget, PolicyView } from "@/lib/client/storage-api";
import { listTeams } from "@/lib/client/team-api";
import { useT } from "@/lib/i18n/provider";

type Mode = "user" | "team" | "default";

/** Sends new writes of a user's or a team's space to the policy, or makes it the default for new spaces. */
export function PolicyAssignDialog({ policy, onAssign, onClose }: { policy: PolicyView; onAssign: (target: PolicyTarget) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>("team");
  const [q, setQ] = useState("");
  const [userId, setUserId] = useState("");
  const [teamId, setTeamId] = useState("");
  const users = useQuery({ queryKey: [...queryKeys.users, "assign", q], queryFn: () => pageUsers(q, 0, 20), enabled: mode === "user" });
  const teams = useQuery({ queryKey: queryKeys.allTeams, queryFn: () => listTeams(true), enabled: mode === "team" });
  const userOptions = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName && u.displayName !== u.username ? `${u.displayName} (${u.username})` : u.username }));
  const teamOptions = (teams.data?.teams ?? []).map((team) => ({ value: team.id, label: team.name }));
  const chosenUser = Number(userId || userOptions[0]?.value || 0);
  const chosenTeam = Number(teamId || teamOptions[0]?.value || 0);
  const target = (): PolicyTarget | null =>
    mode === "default" ? { default: true } : mode === "user" ? (chosenUser ? { userId: chosenUser } : null) : chosenTeam ? { teamId: chosenTeam } : null;
  return (
    <FormDialog
      size="md"
      title={t("storage.assignTitle", { name: policy.name })}
      testId="policy-assign-dialog"
      submitLabel={t("storage.assign")}
      submitTestId="policy-assign-save"
      submitDisabled={target() === null}
      onSubmit={() => onAssign(target()!)}
      onClose={onClose}
    >
      {({ error }) => (
        <div className="space-y-4">
          <FormAlert message={error} />
          <p className="text-sm text-zinc-600 dark:text-zinc-300">{t("storage.assignHint")}</p>
          <fieldset className="space-y-2">
            {(
              [
                ["team", "storage.assignTeam"],
                ["user", "storage.assignUser"],
                ["default", "storage.assignDefault"],
              ] as const
            ).map(([m, label]) => (
              <label key={m} className="flex items-center gap-2 text-sm">
                <input type="radio" name="assign-mode" checked={mode === m} onChange={() => setMode(m)} className="accent-brand-600" data-testid={`assign-mode-${m}`} />
                {t(label)}
              </label>
            ))}
          </fieldset>
          {mode === "user" && (
            <>
              <TextField label={t("storage.searchUser")} type="search" value={q} onChange={(e) => (setQ(e.target.value), setUserId(""))} data-testid="assign-user-search" />
              <SelectField label={t("storage.chooseUser")} value={String(chosenUser || "")} onChange={(e) => setUserId(e.target.value)} options={userOptions} emptyLabel={t("storage.noMatch")} data-testid="assign-user" />
            </>
          )}
          {mode === "team" && <SelectField label={t("storage.chooseTeam")} value={String(chosenTeam || "")} onChange={(e) => setTeamId(e.target.value)} options={teamOptions} emptyLabel={t("storage.noMatch")} data-testid="assign-team" />}
        </div>
      )}
    </FormDialog>
  );
}
