import { AuditView } from "@/components/admin/audit-view";
import { requireAdmin } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("dash.auditTitle");

export default async function AdminAuditViewPage() {
  await requireAdmin();
  return <AuditView />;
}
