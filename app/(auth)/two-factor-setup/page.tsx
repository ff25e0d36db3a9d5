import { redirect } from "next/navigation";
import { TwoFactorSetup } from "@/components/auth/two-factor-setup";
import { getCurrentUser } from "@/lib/auth/current-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("security.enrolTitle");

/** Where a session that must set up two-step verification is sent, and the only page it may open. */
export default async function TwoFactorSetupPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!user.mustEnrolTwoFactor) redirect("/files");
  return <TwoFactorSetup />;
}
