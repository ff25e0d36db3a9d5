import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { getCurrentUser, isSetupNeeded } from "@/lib/auth/current-user";
import { getServerTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerTranslator();
  return { title: t("auth.setupTitle") };
}

export default async function SetupPage() {
  if (!(await isSetupNeeded())) redirect((await getCurrentUser()) ? "/files" : "/login");
  return <SetupForm />;
}
