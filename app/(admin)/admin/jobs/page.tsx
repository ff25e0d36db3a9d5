import { JobsView } from "@/components/admin/jobs-view";
import { requireAdmin } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("dash.jobsTitle");

export default async function AdminJobsViewPage() {
  await requireAdmin();
  return <JobsView />;
}
