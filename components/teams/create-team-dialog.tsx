"use client";

import { useState } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { QuotaInput, valueToQuota, type QuotaValue } from "@/components/admin/quota-input";
import { FormDialog } from "@/components/ui/form-dialog";
import { TextField } from "@/components/ui/text-field";
import type { Team } from "@/lib/client/team-api";
import { useT } from "@/lib/i18n/provider";

type Props = {
  /** site admins set the quota; others get the site's default */
  siteAdmin: boolean;
  onCreate: (input: { name: string; description: string; quota?: number | null }) => Promise<Team>;
  onClose: () => void;
};

/** "New team": name, description and (site admins) quota. The creator becomes the team's admin. */
export function CreateTeamDialog({ siteAdmin, onCreate, onClose }: Props) {
  const t = useT();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [quota, setQuota] = useState<QuotaValue>({ unlimited: true, gib: "100" });
  return (
    <FormDialog
      title={t("teams.new")}
      testId="create-team-dialog"
      submitLabel={t("common.create")}
      submitTestId="create-team-confirm"
      submitDisabled={!name.trim()}
      validate={() => (siteAdmin && valueToQuota(quota) === undefined ? t("admin.quotaInvalid") : null)}
      onSubmit={() => onCreate({ name: name.trim(), description, ...(siteAdmin ? { quota: valueToQuota(quota)! } : {}) })}
      onClose={onClose}
    >
      {({ error }) => (
        <div className="space-y-4">
          <FormAlert message={error} />
          <TextField label={t("teams.name")} required autoFocus autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} data-testid="new-team-name" />
          <TextField label={t("teams.description")} labelNote={t("auth.optional")} autoComplete="off" value={description} onChange={(e) => setDescription(e.target.value)} data-testid="new-team-description" />
          {siteAdmin && <QuotaInput value={quota} onChange={setQuota} />}
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("teams.creatorIsAdmin")}</p>
        </div>
      )}
    </FormDialog>
  );
}
