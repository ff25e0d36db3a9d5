"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Building2, Trash2, UserRound, Users } from "lucide-react";
import { InlineConfirm } from "@/components/share/inline-confirm";
import { PermissionSelect } from "@/components/share/permission-select";
import { UserPicker } from "@/components/share/user-picker";
import { useShareMutations } from "@/components/share/use-share-mutations";
import { IconButton } from "@/components/ui/icon-button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { listGrants, type GrantPermission } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";
import { useTeams } from "@/lib/client/use-teams";

/** Internal shares of one node: pick people, set view or edit, revoke. */
export function GrantsTab({ node }: { node: { id: number; name: string } }) {
  const t = useT();
  const grants = useQuery({ queryKey: queryKeys.grants(node.id), queryFn: () => listGrants(node.id) });
  const { addGrant, changeGrant, removeGrant } = useShareMutations();
  const [permission, setPermission] = useState<GrantPermission>("view");
  const [confirming, setConfirming] = useState<number | null>(null);
  const items = grants.data?.grants ?? [];
  const teams = useTeams();
  const grantedTeams = new Set(items.filter((grant) => grant.recipient.type === "team").map((grant) => grant.recipient.id));
  const teamChoices = (teams.data?.teams ?? []).filter((team) => team.role !== "partner" && !grantedTeams.has(team.id));

  return (
    <div className="space-y-4">
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <UserPicker exclude={new Set(items.filter((grant) => grant.recipient.type === "user").map((grant) => grant.recipient.id))} onPick={(user) => addGrant.mutate({ nodeId: node.id, userId: user.id, permission })} />
        </div>
        <div className="pb-1">
          <PermissionSelect value={permission} onChange={setPermission} label={t("share.newPermission")} testId="grant-new-permission" />
        </div>
      </div>
      {teamChoices.length > 0 && (
        <select
          aria-label={t("teams.shareWithTeam")}
          value=""
          onChange={(event) => event.target.value && addGrant.mutate({ nodeId: node.id, teamId: Number(event.target.value), permission })}
          className="h-9 w-full rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="grant-team"
        >
          <option value="">{t("teams.shareWithTeam")}…</option>
          {teamChoices.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      )}
      {addGrant.isPending && <Spinner label={t("common.loading")} />}
      {grants.isPending ? (
        <Spinner label={t("common.loading")} />
      ) : grants.isError ? (
        <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(grants.error, t("common.unknownError"))}</p>
      ) : items.length === 0 ? (
        <div className="flex flex-col items-center gap-2 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
          <Users className="size-6" aria-hidden />
          {t("share.noGrants")}
        </div>
      ) : (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="grant-list">
          {items.map((grant) => {
            const name = grant.recipient.displayName || grant.recipient.username;
            const revoking = removeGrant.isPending && removeGrant.variables === grant.id;
            return (
              <li key={grant.id} className="space-y-2 py-2" data-testid="grant-row" data-username={grant.recipient.username}>
                <div className="flex items-center gap-3">
                  <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-100 dark:bg-zinc-800">
                    {grant.recipient.type === "team" ? <Building2 className="size-4 text-zinc-500" aria-hidden /> : <UserRound className="size-4 text-zinc-500" aria-hidden />}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium">{name}</span>
                    <span className="block truncate text-xs text-zinc-500">{grant.recipient.type === "team" ? t("teams.nav") : `@${grant.recipient.username}`}</span>
                  </span>
                  <PermissionSelect
                    value={grant.permission}
                    label={t("share.permissionOf", { name })}
                    disabled={changeGrant.isPending && changeGrant.variables.id === grant.id}
                    onChange={(value) => changeGrant.mutate({ id: grant.id, permission: value })}
                    testId="grant-permission"
                  />
                  <IconButton size="sm" label={t("share.revokeGrant", { name })} onClick={() => setConfirming(grant.id)} disabled={revoking} data-testid="grant-revoke">
                    <Trash2 className="size-4" aria-hidden />
                  </IconButton>
                </div>
                {confirming === grant.id && (
                  <InlineConfirm
                    message={t("share.revokeGrantBody", { name })}
                    confirmLabel={t("share.revokeGrant", { name })}
                    busy={revoking}
                    onCancel={() => setConfirming(null)}
                    onConfirm={() => removeGrant.mutate(grant.id)}
                    testId="confirm-revoke"
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
