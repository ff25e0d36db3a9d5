import { PartnerRequestForm } from "@/components/partners/request-form";
import { PageHeader } from "@/components/shell/page-header";
import { requireUser } from "@/components/shell/require-user";
import { getServerTranslator, titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("partners.requestTitle");

/** /partners/request[?team=<id>]: a team admin asks for a partner account. */
export default async function PartnerRequestPage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  await requireUser();
  const { team } = await searchParams;
  const t = await getServerTranslator();
  const teamId = team && /^\d+$/.test(team) ? Number(team) : undefined;
  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("partners.requestTitle")}</h1>} />
      <div className="min-h-0 flex-1 overflow-auto px-4 py-4 pb-24 sm:px-6">
        <div className="max-w-xl">
          <PartnerRequestForm teamId={teamId} />
        </div>
      </div>
    </>
  );
}
