import type { Metadata } from "next";
import { UsersView } from "@/components/admin/users-view";
import { requireAdmin } from "@/components/shell/require-user";
import { getServerTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerTranslator();
  return { title: t("admin.usersTitle") };
}

export default async function AdminUsersPage() {
  await requireAdmin();
  return <UsersView />;
}
