import type { Metadata } from "next";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { services } from "@/lib/container";
import { getServerTranslator } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerTranslator();
  // The token is in this page's URL: never send it on as a Referer.
  return { title: t("reset.title"), referrer: "no-referrer" };
}

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const usable = await services().passwordResets.isUsable(token);
  const { minLength } = await services().settings.passwordPolicy();
  return <ResetPasswordForm token={token} usable={usable} minLength={minLength} />;
}
