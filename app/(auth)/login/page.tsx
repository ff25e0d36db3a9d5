import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUser, isSetupNeeded } from "@/lib/auth/current-user";
import { services } from "@/lib/container";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("auth.signIn");

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await isSetupNeeded()) redirect("/setup");
  if (await getCurrentUser()) redirect("/files");
  const { callbackUrl } = await searchParams;
  const registrationOpen = await services().registration.isOpen();
  return <LoginForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} registrationOpen={registrationOpen} />;
}
