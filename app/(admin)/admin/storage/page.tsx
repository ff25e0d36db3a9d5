import { StorageView } from "@/components/admin/storage-view";
import { requireAdmin } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("dash.storageTitle");

export default async function AdminStorageViewPage() {
  await requireAdmin();
  return <StorageView />;
}
