"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useShell } from "@/components/shell/shell-context";
import { FormDialog } from "@/components/ui/form-dialog";
import { UserPicker } from "@/components/share/user-picker";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { ACCOUNTS } from "@/lib/client/admin-api";
import { queryKeys } from "@/lib/client/query-keys";
import type { UserHit } from "@/lib/client/share-api";
import { listTeams, type Team, type TeamRemoval } from "@/lib/client/team-api";
import { useT } from "@/lib/i18n/provider";

type Destination = "me" | "user" | "team" | "purge";

/**
 * Deleting a team, with the same choice as deleting an account: its files go into a folder "From team <name>" of a
 * personal space or another team (if its quota has room), or they are purged. Team admins may move them into their
 * own files or a team they manage; site admins also into anyone's.
 */
export function DeleteTeamDialog({ team, onDelete, onClose }: { team: Team; onDelete: (how: TeamRemoval) => Promise<unknown>; onClose: () => void }) {
  const t = useT();
  const { user } = useShell();
  const siteAdmin = user.role === "admin";
  const [destination, setDestination] = useState<Destination>("me");
  const [receiver, setReceiver] = useState<UserHit | null>(null);
  const teams = useQuery({ queryKey: siteAdmin ? queryKeys.allTeams : queryKeys.teams, queryFn: () => listTeams(siteAdmin) });
  const others = (teams.data?.teams ?? []).filter((other) => other.id !== team.id && other.manage);
  const [teamId, setTeamId] = useState<number | null>(null);
  const chosenTeam = teamId ?? others[0]?.id ?? null;

  const submit = async () => {
    if (destination === "purge") return onDelete({ mode: "purge" });
    if (destination === "me") return onDelete({ mode: "transfer", toUserId: user.id });
    if (destination === "team") return onDelete({ mode: "transfer", toTeamId: chosenTeam! });
    return onDelete({ mode: "transfer", toUserId: receiver!.id });
  };
  const radio = "mt-0.5 size-4 accent-brand-600";
  const option = (value: Destination, label: string, testId: string) => (
    <label className="flex items-center gap-3">
      <input type="radio" name="team-destination" checked={destination === value} onChange={() => setDestination(value)} className={radio} data-testid={testId} />
      <span>{label}</span>
    </label>
  );

  return (
    <FormDialog
      size="sm"
      title={t("teams.deleteNamed", { name: team.name })}
      testId="delete-team-dialog"
      submitLabel={t("teams.delete")}
      submitTestId="team-delete-confirm"
      submitDisabled={(destination === "user" && receiver === null) || (destination === "team" && chosenTeam === null)}
      onSubmit={submit}
      onClose={onClose}
    >
      {({ error, clearError }) => (
        <div className="space-y-4 text-sm">
          <div className="space-y-2">
            <p className="font-medium">{t("teams.transfer")}</p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("teams.transferHint", { name: team.name })}</p>
            {option("me", t("teams.transferToMe"), "team-delete-to-me")}
            {siteAdmin && option("user", t("teams.transferToUser"), "team-delete-to-user")}
            {destination === "user" && <ReceiverField receiver={receiver} onChange={(user) => (setReceiver(user), clearError())} />}
            {others.length > 0 && option("team", t("teams.transferToTeam"), "team-delete-to-team")}
            {destination === "team" && (
              <select
                aria-label={t("teams.transferToTeam")}
                value={chosenTeam ?? ""}
                onChange={(e) => setTeamId(Number(e.target.value))}
                className="h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm dark:border-zinc-700 dark:bg-zinc-900"
                data-testid="team-delete-team"
              >
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.name}
                  </option>
                ))}
              </select>
            )}
          </div>
          <label className="flex items-start gap-3">
            <input type="radio" name="team-destination" checked={destination === "purge"} onChange={() => setDestination("purge")} className={radio} data-testid="team-delete-purge" />
            <span>
              <span className="block font-medium text-red-700 dark:text-red-400">{t("teams.purge")}</span>
              <span className="block text-xs text-zinc-500 dark:text-zinc-400">{t("teams.deleteHint")}</span>
            </span>
          </label>
          {error && (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {error}
            </p>
          )}
        </div>
      )}
    </FormDialog>
  );
}

/** The account that receives the files (site admins search every account), shown once picked with a way to change it. */
function ReceiverField({ receiver, onChange }: { receiver: UserHit | null; onChange: (user: UserHit | null) => void }) {
  const t = useT();
  if (!receiver) return <UserPicker label={t("teams.receiver")} source={ACCOUNTS} exclude={NO_ONE} onPick={onChange} autoFocus />;
  return (
    <div className="flex items-center gap-2 rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-700" data-testid="team-delete-receiver">
      <Avatar user={receiver} size="sm" />
      <span className="min-w-0 flex-1 truncate">
        <span className="font-medium">{receiver.displayName || receiver.username}</span>
        <span className="ml-2 text-xs text-zinc-500">@{receiver.username}</span>
      </span>
      <Button variant="secondary" size="sm" onClick={() => onChange(null)} data-testid="team-delete-receiver-change">
        {t("teams.receiverChange")}
      </Button>
    </div>
  );
}

const NO_ONE = new Set<number>();
