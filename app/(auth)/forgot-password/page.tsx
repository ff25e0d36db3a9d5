import { redirect } from "next/navigation";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("reset.requestTitle");

export default async function ForgotPasswordPage() {
  if (await getCurrentUser()) redirect("/settings/account");
  return <ForgotPasswordForm />;
}
