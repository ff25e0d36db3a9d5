"use client";

import { Eye, Pencil, UsersRound } from "lucide-react";
import type { SharedPlace } from "@/components/drive/use-shared-place";
import { useT } from "@/lib/i18n/provider";

/** Above a folder of someone else's: whose it is and whether the user may change it. */
export function SharedBanner({ place }: { place: SharedPlace }) {
  const t = useT();
  const owner = place.owner ? place.owner.displayName || place.owner.username : null;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 bg-zinc-50 px-4 py-2 text-sm text-zinc-700 sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/60 dark:text-zinc-300" data-testid="shared-banner">
      {owner && (
        <span className="flex min-w-0 items-center gap-1.5" data-testid="shared-owner">
          <UsersRound className="size-4 shrink-0 text-zinc-500" aria-hidden />
          <span className="truncate">{t("shared.ownedBy", { name: owner })}</span>
        </span>
      )}
      <span
        className="inline-flex items-center gap-1 rounded-full bg-zinc-200/70 px-2 py-0.5 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        data-testid="shared-access"
        data-access={place.canEdit ? "edit" : "view"}
      >
        {place.canEdit ? <Pencil className="size-3" aria-hidden /> : <Eye className="size-3" aria-hidden />}
        {place.canEdit ? t("shared.canEdit") : t("shared.viewOnly")}
      </span>
    </div>
  );
}
