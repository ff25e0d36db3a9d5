import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireAdmin } from "@/components/shell/require-user";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireAdmin();
  return <AppShell user={{ id: user.id, username: user.username, displayName: user.displayName, role: user.role }}>{children}</AppShell>;
}
