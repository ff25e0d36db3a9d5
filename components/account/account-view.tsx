"use client";

import { useEffect } from "react";
import { AvatarSection } from "@/components/account/avatar-section";
import { PasswordForm } from "@/components/account/password-form";
import { ProfileForm } from "@/components/account/profile-form";
import { SettingsSection } from "@/components/account/section";
import { TwoFactorSection } from "@/components/account/two-factor-section";
import { PageHeader } from "@/components/shell/page-header";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { errorMessage } from "@/lib/client/api";
import { useMe } from "@/lib/client/use-me";
import { useT } from "@/lib/i18n/provider";

/** /settings/account: profile, picture, password, two-step verification. */
export function AccountView({ minPasswordLength }: { minPasswordLength: number }) {
  const t = useT();
  const me = useMe();

  useEffect(() => {
    document.title = `${t("account.title")} · ${t("app.name")}`;
  }, [t]);

  return (
    <>
      <PageHeader title={<h1 className="px-1.5 text-base font-semibold">{t("account.title")}</h1>} />
      <div className="min-h-0 flex-1 overflow-y-auto pb-24" data-testid="account-page">
        {me.isPending ? (
          <SkeletonRows label={t("common.loading")} />
        ) : me.isError ? (
          <ErrorState title={t("settings.errorTitle")} message={errorMessage(me.error, t("common.unknownError"))} onRetry={() => void me.refetch()} />
        ) : (
          <>
            <SettingsSection id="profile" title={t("account.profile")} hint={t("account.profileHint")}>
              <ProfileForm me={me.data} />
            </SettingsSection>
            <AvatarSection me={me.data} />
            <SettingsSection id="password" title={t("account.password")} hint={t("account.passwordHint")}>
              <PasswordForm minLength={minPasswordLength} />
            </SettingsSection>
            <TwoFactorSection />
          </>
        )}
      </div>
    </>
  );
}
