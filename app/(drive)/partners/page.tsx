import { TeamPartnersView } from "@/components/partners/team-partners-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("partners.teamPartners");

/** /partners: the partners of the teams the user administers. */
export default async function TeamPartnersPage() {
  await requireUser();
  return <TeamPartnersView />;
}
