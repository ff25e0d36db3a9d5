"use client";

import { useEffect, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Trash2, UserRound } from "lucide-react";
import { InlineConfirm } from "@/components/share/inline-confirm";
import { UserPicker } from "@/components/share/user-picker";
import { TeamPage } from "@/components/teams/team-page";
import { ROLE_LABEL, RoleSelect } from "@/components/teams/role-select";
import { IconButton } from "@/components/ui/icon-button";
import { Spinner } from "@/components/ui/spinner";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { addMember, changeMember, listMembers, removeMember, type Team, type TeamRole } from "@/lib/client/team-api";
import { useT } from "@/lib/i18n/provider";

/** /teams/:id/members: who is in the team; team admins add (user picker), change roles and remove. */
export function TeamMembersView({ teamId }: { teamId: number }) {
  const t = useT();
  useEffect(() => {
    document.title = `${t("teams.members")} · ${t("app.name")}`;
  }, [t]);
  return <TeamPage teamId={teamId} tab="members">{(team) => <Members team={team} />}</TeamPage>;
}

function Members({ team }: { team: Team }) {
  const t = useT();
  const { toast, fail, invalidate } = useFeedback();
  const members = useQuery({ queryKey: queryKeys.teamMembers(team.id), queryFn: () => listMembers(team.id) });
  const [role, setRole] = useState<TeamRole>("editor");
  const [confirming, setConfirming] = useState<number | null>(null);
  const refresh = () => invalidate(queryKeys.teamMembers(team.id), queryKeys.teams, queryKeys.team(team.id));
  const add = useMutation({
    mutationFn: (input: { userId: number; name: string }) => addMember(team.id, input.userId, role),
    onSuccess: (_, input) => {
      toast.success(t("teams.memberAdded", { name: input.name }));
      refresh();
    },
    onError: fail,
  });
  const change = useMutation({ mutationFn: (input: { userId: number; role: TeamRole }) => changeMember(team.id, input.userId, input.role), onSuccess: refresh, onError: fail });
  const remove = useMutation({
    mutationFn: (userId: number) => removeMember(team.id, userId),
    onSuccess: () => {
      setConfirming(null);
      refresh();
    },
    onError: fail,
  });
  const items = members.data?.members ?? [];

  return (
    <section className="space-y-4">
      {team.manage && (
        <div className="flex flex-wrap items-end gap-2" data-testid="add-member">
          <div className="min-w-0 flex-1 basis-56">
            <UserPicker label={t("teams.addMember")} exclude={new Set(items.map((m) => m.userId))} onPick={(user) => add.mutate({ userId: user.id, name: user.displayName || user.username })} />
          </div>
          <div className="pb-1">
            <RoleSelect value={role} onChange={setRole} label={t("teams.newMemberRole")} testId="new-member-role" />
          </div>
        </div>
      )}
      {add.isPending && <Spinner label={t("common.loading")} />}
      {members.isPending ? (
        <Spinner label={t("common.loading")} />
      ) : members.isError ? (
        <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(members.error, t("common.unknownError"))}</p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="member-list">
          {items.map((member) => {
            const name = member.displayName || member.username;
            return (
              <li key={member.userId} className="space-y-2 px-3 py-2 sm:px-4" data-testid="member-row" data-username={member.username}>
                <div className="flex items-center gap-3">
                  <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-100 dark:bg-zinc-800">
                    <UserRound className="size-4 text-zinc-500" aria-hidden />
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium">{name}</span>
                    <span className="block truncate text-xs text-zinc-500">@{member.username}</span>
                  </span>
                  {team.manage && member.role !== "partner" ? (
                    <RoleSelect
                      value={member.role}
                      label={t("teams.roleOf", { name })}
                      disabled={change.isPending}
                      onChange={(value) => change.mutate({ userId: member.userId, role: value })}
                      testId="member-role"
                    />
                  ) : (
                    <span className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="member-role-label">
                      {t(ROLE_LABEL[member.role])}
                    </span>
                  )}
                  {team.manage && (
                    <IconButton size="sm" label={t("teams.removeMember", { name })} onClick={() => setConfirming(member.userId)} disabled={remove.isPending} data-testid="member-remove">
                      <Trash2 className="size-4" aria-hidden />
                    </IconButton>
                  )}
                </div>
                {confirming === member.userId && (
                  <InlineConfirm
                    message={t("teams.removeConfirm", { name })}
                    confirmLabel={t("teams.remove")}
                    busy={remove.isPending}
                    onConfirm={() => remove.mutate(member.userId)}
                    onCancel={() => setConfirming(null)}
                    testId="member-remove-confirm"
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
