import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/components/shell/require-user";

export const dynamic = "force-dynamic";

export default async function DriveLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return <AppShell user={{ id: user.id, username: user.username, displayName: user.displayName, role: user.role, avatarEtag: user.avatarEtag }}>{children}</AppShell>;
}
