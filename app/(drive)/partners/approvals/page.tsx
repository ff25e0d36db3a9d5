import { redirect } from "next/navigation";
import { AdminPartnersView } from "@/components/partners/admin-partners-view";
import { requireUser } from "@/components/shell/require-user";
import { services } from "@/lib/container";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("partners.queue");

/** /partners/approvals: the request queue for designated approvers who are not site admins (those use Admin → Partners). */
export default async function PartnerApprovalsPage() {
  const user = await requireUser();
  if (user.role === "admin") redirect("/admin/partners");
  if (!(await services().partners.isApprover({ userId: user.id, role: user.role }))) redirect("/partners");
  return <AdminPartnersView siteAdmin={false} />;
}
