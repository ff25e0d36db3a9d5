"use client";

import { useState } from "react";
import { Ban, CircleCheck, Ellipsis, HardDrive, KeyRound, Pencil, ShieldCheck, Trash2 } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { Menu, MenuItem } from "@/components/ui/menu";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { UserView } from "@/lib/client/api-types";
import { formatBytes, formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

export type UserCommand = "toggle-disabled" | "quota" | "password" | "edit" | "toggle-2fa" | "delete";

type UserRowProps = { user: UserView; isSelf: boolean; onCommand: (command: UserCommand, user: UserView) => void };

function Badge({ children, tone }: { children: string; tone: "brand" | "green" | "red" | "zinc" }) {
  const tones = {
    brand: "bg-brand-100 text-brand-800 dark:bg-brand-900/70 dark:text-brand-200",
    green: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
    red: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
    zinc: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  };
  return <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium", tones[tone])}>{children}</span>;
}

export function UserRow({ user, isSelf, onCommand }: UserRowProps) {
  const t = useT();
  const locale = useLocale();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const ratio = user.quota ? user.used / user.quota : 0;
  const usage = user.quota === null
    ? t("quota.usedUnlimited", { used: formatBytes(user.used, locale) })
    : t("quota.usedOf", { used: formatBytes(user.used, locale), total: formatBytes(user.quota, locale) });
  const roleKey = user.role === "admin" ? "admin.role.admin" : user.role === "partner" ? "admin.role.partner" : "admin.role.user";

  return (
    <tr data-testid="user-row" data-username={user.username} className={cn("border-b border-zinc-100 dark:border-zinc-800/70", user.disabled && "opacity-70")}>
      <td className="py-3 pr-3 pl-4 sm:pl-6">
        <p className="font-medium">
          {user.displayName}
          {isSelf && <span className="ml-1.5 text-xs font-normal text-zinc-500">({t("admin.you")})</span>}
        </p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          @{user.username}
          {user.twoFactorRequired && <span className="ml-1.5 rounded bg-amber-100 px-1 text-[10px] font-medium text-amber-800 dark:bg-amber-900/50 dark:text-amber-200" data-testid="user-2fa-required">2FA</span>}
        </p>
        <p className="truncate text-xs text-zinc-500 md:hidden dark:text-zinc-400">{user.email}</p>
        <p className="text-xs text-zinc-500 tabular-nums sm:hidden dark:text-zinc-400">{usage}</p>
      </td>
      <td className="hidden max-w-56 truncate px-3 py-3 text-zinc-600 md:table-cell dark:text-zinc-400">{user.email ?? "—"}</td>
      <td className="hidden px-3 py-3 sm:table-cell">
        <Badge tone={user.role === "admin" ? "brand" : "zinc"}>{t(roleKey)}</Badge>
      </td>
      <td className="px-3 py-3">
        <span data-testid="user-status">
          <Badge tone={user.disabled ? "red" : "green"}>{user.disabled ? t("admin.status.disabled") : t("admin.status.active")}</Badge>
        </span>
      </td>
      <td className="hidden w-52 px-3 py-3 sm:table-cell">
        <ProgressBar value={ratio} label={usage} tone={ratio >= 0.95 ? "danger" : ratio >= 0.8 ? "warning" : "brand"} />
        <p className="mt-1 text-xs text-zinc-500 tabular-nums dark:text-zinc-400" data-testid="user-usage">
          {usage}
        </p>
      </td>
      <td className="hidden px-3 py-3 text-zinc-600 lg:table-cell dark:text-zinc-400">{user.lastLoginAt ? formatDateTime(user.lastLoginAt, locale) : t("common.never")}</td>
      <td className="py-3 pr-4 pl-1 text-right sm:pr-6">
        <button
          type="button"
          aria-haspopup="menu"
          aria-label={t("common.moreActions", { name: user.username })}
          onClick={(event) => setAnchor(event.currentTarget)}
          data-testid="user-actions"
          className="rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <Ellipsis className="size-4" aria-hidden />
        </button>
        <Menu anchor={anchor} onClose={() => setAnchor(null)} label={user.username} align="end" testId="user-menu-popup">
          {!isSelf && (
            <MenuItem
              icon={user.disabled ? <CircleCheck /> : <Ban />}
              danger={!user.disabled}
              onSelect={() => onCommand("toggle-disabled", user)}
              testId={user.disabled ? "user-enable" : "user-disable"}
            >
              {user.disabled ? t("admin.enable") : t("admin.disable")}
            </MenuItem>
          )}
          <MenuItem icon={<HardDrive />} onSelect={() => onCommand("quota", user)} testId="user-set-quota">
            {t("admin.setQuota")}
          </MenuItem>
          <MenuItem icon={<KeyRound />} onSelect={() => onCommand("password", user)} testId="user-reset-password">
            {t("admin.resetPassword")}
          </MenuItem>
          <MenuItem icon={<Pencil />} onSelect={() => onCommand("edit", user)} testId="user-edit">
            {t("dash.editUser")}
          </MenuItem>
          <MenuItem icon={<ShieldCheck />} onSelect={() => onCommand("toggle-2fa", user)} testId="user-toggle-2fa">
            {user.twoFactorRequired ? t("dash.unforce2fa") : t("dash.force2fa")}
          </MenuItem>
          {!isSelf && (
            <MenuItem icon={<Trash2 />} danger onSelect={() => onCommand("delete", user)} testId="user-delete">
              {t("dash.deleteUser")}
            </MenuItem>
          )}
        </Menu>
      </td>
    </tr>
  );
}
