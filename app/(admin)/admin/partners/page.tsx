import { AdminPartnersView } from "@/components/partners/admin-partners-view";
import { requireAdmin } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("partners.title");

/** Admin → Partners: queue, active partners, expiring soon, approvers. */
export default async function AdminPartnersPage() {
  await requireAdmin();
  return <AdminPartnersView siteAdmin />;
}
