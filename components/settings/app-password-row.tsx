"use client";

import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { AppPasswordView } from "@/lib/client/app-passwords-api";
import { formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** One app password: name, limits, created and last used, and Revoke. */
export function AppPasswordRow({ item, onRevoke }: { item: AppPasswordView; onRevoke: (item: AppPasswordView) => void }) {
  const t = useT();
  const locale = useLocale();
  const td = "px-3 py-3 align-middle";
  const access = [
    item.readOnly ? t("appPasswords.readOnlyBadge") : t("appPasswords.readWriteBadge"),
    item.scopePath === null ? t("appPasswords.allFiles") : item.scopePath === "" ? t("appPasswords.folderGone") : item.scopePath,
  ];
  return (
    <tr data-testid="app-password-row" data-name={item.name} className="border-b border-zinc-100 dark:border-zinc-800/70">
      <td className={td + " pl-4 font-medium sm:pl-6"}>{item.name}</td>
      <td className={td + " text-zinc-600 dark:text-zinc-400"} data-testid="app-password-access">
        {access.join(" · ")}
      </td>
      <td className={td + " hidden text-zinc-600 sm:table-cell dark:text-zinc-400"}>{formatShortDateTime(item.createdAt, locale)}</td>
      <td className={td + " text-zinc-600 dark:text-zinc-400"} data-testid="app-password-last-used">
        {item.lastUsedAt ? formatShortDateTime(item.lastUsedAt, locale) : t("common.never")}
      </td>
      <td className={td + " pr-4 text-right sm:pr-6"}>
        <Button size="sm" variant="danger" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => onRevoke(item)} data-testid="app-password-revoke">
          {t("appPasswords.revoke")}
        </Button>
      </td>
    </tr>
  );
}
