import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConnectApp } from "@/components/auth/connect-app";
import { getCurrentUser } from "@/lib/auth/current-user";
import { services } from "@/lib/container";
import { isDomainError } from "@/lib/domain/errors";
import { getServerTranslator } from "@/lib/i18n/server";
import type { LoginFlowView } from "@/lib/services/login-flow.service";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getServerTranslator();
  // The token is in this page's URL: never send it on as a Referer.
  return { title: t("connect.title"), referrer: "no-referrer" };
}

/**
 * The Nextcloud Login Flow grant page: behind Haven's own sign-in (two-step verification included), it names the
 * app (its User-Agent) and asks to grant it an app password.
 */
export default async function ConnectPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/connect/${token}`)}`);
  if (user.mustChangePassword) redirect("/change-password");
  if (user.mustEnrolTwoFactor) redirect("/two-factor-setup");
  let flow: LoginFlowView | null = null;
  try {
    flow = await services().loginFlows.describe(token);
  } catch (e) {
    if (!isDomainError(e) || e.code !== "NOT_FOUND") throw e;
  }
  return <ConnectApp token={token} flow={flow} account={user.displayName || user.username} />;
}
