"use client";

import { Clock } from "lucide-react";
import { NodeListPage } from "@/components/drive/quick/node-list-page";
import { listRecent } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /recent: files the user opened or changed lately. */
export function RecentView() {
  const t = useT();
  const locale = useLocale();
  return (
    <NodeListPage
      title="quick.recentTitle"
      queryKey={queryKeys.recent}
      queryFn={listRecent}
      testId="recent-list"
      empty={{ icon: <Clock className="size-7" aria-hidden />, title: t("quick.recentEmpty"), hint: t("quick.recentEmptyHint") }}
      detail={(item) => `${t(item.reason === "opened" ? "quick.opened" : "quick.changed", { when: formatShortDateTime(item.at, locale) })} · ${formatBytes(item.size, locale)}`}
    />
  );
}
