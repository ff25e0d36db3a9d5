"use client";

import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { PartnerList } from "@/components/partners/partner-list";
import { RequestList } from "@/components/partners/request-list";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFeedback } from "@/components/ui/use-feedback";
import { partnerApi, partnerKeys } from "@/lib/client/partner-api";
import { useT } from "@/lib/i18n/provider";

const SOON_MS = 30 * 24 * 60 * 60 * 1000;

/** Admin → Partners: the request queue, active partners, those expiring soon, and the designated approvers. */
export function AdminPartnersView({ siteAdmin }: { siteAdmin: boolean }) {
  const t = useT();
  const queue = useQuery({ queryKey: [...partnerKeys.all, "queue"], queryFn: () => partnerApi.queue() });
  const partners = useQuery({ queryKey: [...partnerKeys.all, "all"], queryFn: () => partnerApi.list() });
  const all = partners.data?.partners ?? [];
  const active = all.filter((p) => !p.disabled);
  // eslint-disable-next-line react-hooks/purity -- "now" for a 30-day window; a re-render a little later changes nothing that matters
  const soon = active.filter((p) => new Date(`${p.expiresOn}T00:00:00Z`).getTime() - Date.now() < SOON_MS);
  const requests = queue.data?.requests ?? [];
  const pending = requests.filter((r) => r.state === "pending");
  const decided = requests.filter((r) => r.state !== "pending").slice(0, 20);
  const section = "space-y-3";
  const h2 = "text-sm font-semibold";
  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("partners.title")}</h1>} />
      <div className="min-h-0 flex-1 space-y-8 overflow-auto px-4 py-4 pb-24 sm:px-6">
        <section className={section} data-testid="partner-queue">
          <h2 className={h2}>
            {t("partners.queue")} ({pending.length})
          </h2>
          <RequestList requests={pending} decide />
        </section>
        <section className={section}>
          <h2 className={h2}>{t("partners.expiringSoon")}</h2>
          <PartnerList partners={soon} testId="partners-expiring" />
        </section>
        <section className={section}>
          <h2 className={h2}>{t("partners.activePartners")}</h2>
          <PartnerList partners={active} testId="partners-active" />
        </section>
        {all.length > active.length && (
          <section className={section}>
            <h2 className={h2}>{t("partners.inactivePartners")}</h2>
            <PartnerList partners={all.filter((p) => p.disabled)} />
          </section>
        )}
        {decided.length > 0 && (
          <section className={section}>
            <h2 className={h2}>{t("partners.requests")}</h2>
            <RequestList requests={decided} />
          </section>
        )}
        {siteAdmin && <ApproversForm />}
      </div>
    </>
  );
}

function ApproversForm() {
  const { t, toast, fail, invalidate } = useFeedback();
  const approvers = useQuery({ queryKey: [...partnerKeys.all, "approvers"], queryFn: partnerApi.approvers });
  const [value, setValue] = useState("");
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the field starts from the loaded list
    if (approvers.data) setValue(approvers.data.approvers.map((a) => a.username).join(", "));
  }, [approvers.data]);
  const save = useMutation({
    mutationFn: () => partnerApi.setApprovers(value.split(",").map((s) => s.trim()).filter(Boolean)),
    onSuccess: () => {
      toast.success(t("partners.saveApprovers"));
      invalidate(partnerKeys.all);
    },
    onError: fail,
  });
  return (
    <section className="max-w-xl space-y-3">
      <h2 className="text-sm font-semibold">{t("partners.approvers")}</h2>
      <form
        className="space-y-3"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <TextField label={t("partners.approvers")} hint={t("partners.approversHint")} value={value} onChange={(e) => setValue(e.target.value)} name="approvers" />
        <Button type="submit" size="sm" disabled={save.isPending}>
          {t("partners.saveApprovers")}
        </Button>
      </form>
    </section>
  );
}
