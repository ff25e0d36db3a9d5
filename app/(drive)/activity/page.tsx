import { ActivityView } from "@/components/drive/quick/activity-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("quick.activityTitle");

export default async function ActivityPage() {
  await requireUser();
  return <ActivityView />;
}
