import { AdminAccountSettings } from "@/components/account/admin-account-settings";
import { SiteSettingsSection } from "@/components/admin/site-settings-form";
import { OfficeSettingsSection } from "@/components/admin/office-settings";
import { SharePolicyView } from "@/components/share/share-policy-view";
import { requireAdmin } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("settings.title");

export default async function AdminSettingsPage() {
  await requireAdmin();
  return (
    <SharePolicyView before={<SiteSettingsSection />}>
      <OfficeSettingsSection />
      <AdminAccountSettings />
    </SharePolicyView>
  );
}
