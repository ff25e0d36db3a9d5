import { notFound, redirect } from "next/navigation";
import { RegisterForm } from "@/components/auth/register-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { services } from "@/lib/container";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("security.registerTitle");

export default async function RegisterPage() {
  if (await getCurrentUser()) redirect("/files");
  if (!(await services().registration.isOpen())) notFound();
  const { minLength } = await services().settings.passwordPolicy();
  return <RegisterForm minLength={minLength} />;
}
