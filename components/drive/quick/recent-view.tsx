"use client";

import { useQuery } from "@tanstack/react-query";
import { Clock } from "lucide-react";
import { QuickNodeList } from "@/components/drive/quick/quick-node-list";
import { TitledPage } from "@/components/shell/titled-page";
import { listRecent } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/** /recent: files the user opened or changed lately. */
export function RecentView() {
  const t = useT();
  const locale = useLocale();
  const query = useQuery({ queryKey: queryKeys.recent, queryFn: listRecent, select: (data) => data.items });
  return (
    <TitledPage title="quick.recentTitle">
      <QuickNodeList
        query={query}
        testId="recent-list"
        empty={{ icon: <Clock className="size-7" aria-hidden />, title: t("quick.recentEmpty"), hint: t("quick.recentEmptyHint") }}
        detail={(item) => `${t(item.reason === "opened" ? "quick.opened" : "quick.changed", { when: formatShortDateTime(item.at, locale) })} · ${formatBytes(item.size, locale)}`}
      />
    </TitledPage>
  );
}
