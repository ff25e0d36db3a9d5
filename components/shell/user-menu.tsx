"use client";

import { useState } from "react";
import { Check, ChevronsUpDown, LogOut, ShieldCheck, UserRound } from "lucide-react";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useShell } from "@/components/shell/shell-context";
import { Menu, MenuItem, MenuLabel, MenuSeparator } from "@/components/ui/menu";
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
  const initials = (user.displayName || user.username).slice(0, 1).toUpperCase();

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
        <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700 dark:bg-brand-900 dark:text-brand-200">
          {initials}
        </span>
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
