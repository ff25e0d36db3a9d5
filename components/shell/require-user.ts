import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser, isSetupNeeded } from "@/lib/auth/current-user";

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;

/** For signed-in pages: first-run → /setup, no session → /login, a one-time password → /change-password first, 2FA
 * required but not set up → /two-factor-setup. */
export async function requireUser(): Promise<SessionUser> {
  if (await isSetupNeeded()) redirect("/setup");
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/change-password");
  if (user.mustEnrolTwoFactor) redirect("/two-factor-setup");
  return user;
}

/** For admin pages: anyone else is sent to their files. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "admin") redirect("/files");
  return user;
}
