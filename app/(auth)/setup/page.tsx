import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { getCurrentUser, isSetupNeeded } from "@/lib/auth/current-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("auth.setupTitle");

export default async function SetupPage() {
  if (!(await isSetupNeeded())) redirect((await getCurrentUser()) ? "/files" : "/login");
  return <SetupForm />;
}
