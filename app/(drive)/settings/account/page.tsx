import { AccountView } from "@/components/account/account-view";
import { requireUser } from "@/components/shell/require-user";
import { services } from "@/lib/container";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("account.title");

export default async function AccountSettingsPage() {
  await requireUser();
  const { minLength } = await services().settings.passwordPolicy();
  return <AccountView minPasswordLength={minLength} />;
}
