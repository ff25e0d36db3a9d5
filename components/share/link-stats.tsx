"use client";

import { formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";
import type { ShareLink } from "@/lib/client/share-api";

/** The owner's view of a link's use: views, downloads (of the limit) and the last access. */
export function LinkStats({ link }: { link: ShareLink }) {
  const t = useT();
  const locale = useLocale();
  const downloads = link.downloadLimit === null ? String(link.downloadCount) : `${link.downloadCount} / ${link.downloadLimit}`;
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="link-stats">
      <div className="flex gap-1">
        <dt>{t("share.stats.views")}</dt>
        <dd className="font-medium text-zinc-700 tabular-nums dark:text-zinc-300" data-testid="link-views">
          {link.viewCount}
        </dd>
      </div>
      <div className="flex gap-1">
        <dt>{t("share.stats.downloads")}</dt>
        <dd className="font-medium text-zinc-700 tabular-nums dark:text-zinc-300" data-testid="link-downloads">
          {downloads}
        </dd>
      </div>
      <div className="flex gap-1">
        <dt>{t("share.stats.lastAccess")}</dt>
        <dd className="font-medium text-zinc-700 dark:text-zinc-300">{link.lastAccessAt ? formatDateTime(link.lastAccessAt, locale) : t("common.never")}</dd>
      </div>
    </dl>
  );
}
