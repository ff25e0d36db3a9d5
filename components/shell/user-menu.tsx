"use client";

import { useState } from "react";
import { Check, ChevronsUpDown, LogOut, ShieldCheck, UserRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useShell } from "@/components/shell/shell-context";
import { ThemeMenuItems } from "@/components/shell/theme-menu-items";
import { Avatar } from "@/components/ui/avatar";
import { Menu, MenuItem, MenuLabel, MenuSeparator } from "@/components/ui/menu";
import { useMe } from "@/lib/client/use-me";
import { useChangeLocale } from "@/lib/client/use-change-locale";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locale";
import { useLocale, useT } from "@/lib/i18n/provider";

export function UserMenu() {
  const t = useT();
  const locale = useLocale();
  const { user } = useShell();
  const { change } = useChangeLocale(true);
  const router = useRouter();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // The picture follows uploads at once (they refresh "me"); until it loads, the one the page was rendered with.
  const me = useMe();
  const avatarEtag = me.data ? me.data.avatarEtag : user.avatarEtag;

  return (
    <>
      <button
        type="button"
        data-testid="user-menu"
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        aria-label={t("nav.userMenu", { name: user.displayName || user.username })}
        onClick={(event) => setAnchor(anchor ? null : event.currentTarget)}
        className="flex w-full items-center gap-3 rounded-xl p-2 text-left hover:bg-zinc-200/60 dark:hover:bg-zinc-800"
      >
        <Avatar user={{ ...user, avatarEtag }} />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{user.displayName || user.username}</span>
          <span className="block truncate text-xs text-zinc-500">@{user.username}</span>
        </span>
        <ChevronsUpDown className="size-4 text-zinc-400" aria-hidden />
      </button>
      <Menu anchor={anchor} onClose={() => setAnchor(null)} label={t("nav.userMenu", { name: user.username })} placement="above">
        <MenuLabel>{t("locale.label")}</MenuLabel>
        {LOCALES.map((value) => (
          <MenuItem key={value} icon={value === locale ? <Check /> : null} onSelect={() => void change(value)} testId={`locale-${value}`}>
            <span lang={value}>{LOCALE_NAMES[value]}</span>
          </MenuItem>
        ))}
        <MenuSeparator />
        <ThemeMenuItems />
        <MenuSeparator />
        <MenuItem icon={<UserRound />} onSelect={() => router.push("/settings/account")} testId="account-settings">
          {t("settings.accountTitle")}
        </MenuItem>
        <MenuItem icon={<ShieldCheck />} onSelect={() => router.push("/settings/security")} testId="security-settings">
          {t("settings.securityTitle")}
        </MenuItem>
        <MenuItem icon={<LogOut />} onSelect={() => void signOut({ redirectTo: "/login" })} testId="sign-out">
          {t("auth.signOut")}
        </MenuItem>
      </Menu>
    </>
  );
}
