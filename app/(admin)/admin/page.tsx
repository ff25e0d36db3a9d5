import { OverviewView } from "@/components/admin/overview-view";
import { requireAdmin } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("dash.overviewTitle");

export default async function AdminOverviewPage() {
  await requireAdmin();
  return <OverviewView />;
}
