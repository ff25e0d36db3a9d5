import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { services } from "@/lib/container";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("changePassword.title");

/** The forced first page of a session signed in with a one-time password; gone once the password was changed. */
export default async function ChangePasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!user.mustChangePassword) redirect("/files");
  const { minLength } = await services().settings.passwordPolicy();
  return <ChangePasswordForm minLength={minLength} next="/files" />;
}
