import { UsersView } from "@/components/admin/users-view";
import { requireAdmin } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("admin.usersTitle");

export default async function AdminUsersPage() {
  await requireAdmin();
  return <UsersView />;
}
