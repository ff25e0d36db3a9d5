import { RecentView } from "@/components/drive/quick/recent-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("quick.recentTitle");

export default async function RecentPage() {
  await requireUser();
  return <RecentView />;
}
