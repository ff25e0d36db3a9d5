"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { PartnerList } from "@/components/partners/partner-list";
import { RequestList } from "@/components/partners/request-list";
import { PageHeader } from "@/components/shell/page-header";
import { partnerApi, partnerKeys } from "@/lib/client/partner-api";
import { useT } from "@/lib/i18n/provider";

/** /partners: a team admin's partners and requests, per team it administers. */
export function TeamPartnersView() {
  const t = useT();
  const teams = useQuery({ queryKey: [...partnerKeys.all, "teams"], queryFn: partnerApi.teams });
  return (
    <>
      <PageHeader
        title={<h1 className="px-1.5 text-base font-semibold">{t("partners.teamPartners")}</h1>}
        actions={
          <Link href="/partners/request" className="inline-flex h-9 items-center gap-2 rounded-lg bg-brand-600 px-3.5 text-sm font-medium text-white hover:bg-brand-700 dark:bg-brand-500 dark:text-zinc-950" data-testid="new-partner-request">
            <UserPlus className="size-4" aria-hidden />
            <span className="hidden sm:inline">{t("partners.newRequest")}</span>
          </Link>
        }
      />
      <div className="min-h-0 flex-1 space-y-8 overflow-auto px-4 py-4 pb-24 sm:px-6">
        {teams.isSuccess && teams.data.teams.length === 0 && <p className="text-sm text-zinc-500">{t("partners.noTeams")}</p>}
        {teams.data?.teams.map((team) => <TeamSection key={team.id} teamId={team.id} name={team.name} />)}
      </div>
    </>
  );
}

function TeamSection({ teamId, name }: { teamId: number; name: string }) {
  const t = useT();
  const partners = useQuery({ queryKey: [...partnerKeys.all, "team", teamId], queryFn: () => partnerApi.list(teamId) });
  const requests = useQuery({ queryKey: [...partnerKeys.all, "team-requests", teamId], queryFn: () => partnerApi.teamRequests(teamId) });
  return (
    <section className="space-y-3" aria-label={name}>
      <h2 className="text-sm font-semibold">{name}</h2>
      <PartnerList partners={partners.data?.partners ?? []} />
      <h3 className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("partners.requests")}</h3>
      <RequestList requests={requests.data?.requests ?? []} />
    </section>
  );
}
