import { SecurityView } from "@/components/settings/security-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("settings.securityTitle");

export default async function SecuritySettingsPage() {
  await requireUser();
  return <SecurityView />;
}
