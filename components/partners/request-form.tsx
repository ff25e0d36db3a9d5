"use client";

import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { FormAlert, FormSuccess } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { inputClass, TextField } from "@/components/ui/text-field";
import { errorMessage } from "@/lib/client/api";
import { partnerApi } from "@/lib/client/partner-api";
import { useT } from "@/lib/i18n/provider";

/** A team admin's "Request a partner" form; `teamId` preselects the team (from the team's members page). */
export function PartnerRequestForm({ teamId }: { teamId?: number }) {
  const t = useT();
  const teams = useQuery({ queryKey: ["partners", "teams"], queryFn: partnerApi.teams });
  const [form, setForm] = useState({ team: teamId ? String(teamId) : "", name: "", email: "", company: "", reason: "", expiresOn: "", username: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const list = teams.data?.teams ?? [];
  const team = form.team || (list.length === 1 ? String(list[0]!.id) : "");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await partnerApi.request({ teamSpaceId: Number(team), name: form.name, email: form.email, company: form.company, reason: form.reason, expiresOn: form.expiresOn, username: form.username || undefined });
      setDone(true);
    } catch (caught) {
      setError(errorMessage(caught, t("common.unknownError")));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <FormSuccess testId="partner-requested">{t("partners.requested")}</FormSuccess>
    );
  }
  if (teams.isSuccess && list.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("partners.noTeams")}</p>;
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="partner-request-form">
      <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("partners.requestHint")}</p>
      <FormAlert message={error} />
      <div className="space-y-1.5">
        <label htmlFor="partner-team" className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
          {t("partners.team")}
        </label>
        <select id="partner-team" name="team" required className={inputClass} value={team} onChange={set("team")}>
          <option value="" disabled>
            …
          </option>
          {list.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.name}
            </option>
          ))}
        </select>
      </div>
      <TextField label={t("partners.name")} name="name" required value={form.name} onChange={set("name")} />
      <TextField label={t("partners.email")} name="email" type="email" required value={form.email} onChange={set("email")} />
      <TextField label={t("partners.company")} name="company" required value={form.company} onChange={set("company")} />
      <div className="space-y-1.5">
        <label htmlFor="partner-reason" className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
          {t("partners.reason")}
        </label>
        <textarea id="partner-reason" name="reason" required rows={3} className={inputClass + " h-auto py-2"} value={form.reason} onChange={set("reason")} />
      </div>
      <TextField label={t("partners.expiresOn")} name="expiresOn" type="date" required hint={t("partners.expiresOnHint")} value={form.expiresOn} onChange={set("expiresOn")} />
      <TextField label={t("partners.username")} name="username" hint={t("partners.usernameHint")} value={form.username} onChange={set("username")} />
      <Button type="submit" variant="primary" disabled={busy || !team} data-testid="partner-request-submit">
        {busy ? t("partners.submitting") : t("partners.submit")}
      </Button>
    </form>
  );
}
