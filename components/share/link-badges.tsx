"use client";

import { CalendarClock, Lock } from "lucide-react";
import { MODE_LABEL } from "@/components/share/share-labels";
import { cn } from "@/components/ui/cn";
import type { ShareLink } from "@/lib/client/share-api";
import { formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

const badge = "inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium";

/** Mode, password, expiry and state of a link, as small badges. */
export function LinkBadges({ link }: { link: ShareLink }) {
  const t = useT();
  const locale = useLocale();
  const expired = link.state === "expired";
  const usedUp = link.state === "exhausted";
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <span className={cn(badge, "bg-brand-50 text-brand-700 dark:bg-brand-950/60 dark:text-brand-200")} data-testid="link-mode">
        {t(MODE_LABEL[link.mode])}
      </span>
      {link.hasPassword && (
        <span className={cn(badge, "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300")} data-testid="link-has-password">
          <Lock className="size-3" aria-hidden />
          {t("share.badge.password")}
        </span>
      )}
      {link.expiresAt && (
        <span className={cn(badge, expired ? "bg-red-50 text-red-700 dark:bg-red-950/50 dark:text-red-300" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300")}>
          <CalendarClock className="size-3" aria-hidden />
          {expired ? t("share.badge.expired") : t("share.badge.expires", { date: formatDateTime(link.expiresAt, locale) })}
        </span>
      )}
      {usedUp && <span className={cn(badge, "bg-red-50 text-red-700 dark:bg-red-950/50 dark:text-red-300")}>{t("share.badge.usedUp")}</span>}
    </div>
  );
}
