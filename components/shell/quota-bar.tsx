"use client";

import { ProgressBar } from "@/components/ui/progress-bar";
import { useMe } from "@/lib/client/use-me";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

export function QuotaBar() {
  const t = useT();
  const locale = useLocale();
  const { data: me } = useMe();
  if (!me) return <div className="h-11" data-testid="quota-bar" aria-busy="true" />;

  const { used, quota } = me.space;
  const ratio = quota ? used / quota : 0;
  const usedText = formatBytes(used, locale);
  const text = quota === null ? t("quota.usedUnlimited", { used: usedText }) : t("quota.usedOf", { used: usedText, total: formatBytes(quota, locale) });
  return (
    <div className="space-y-2 px-1" data-testid="quota-bar">
      <div className="flex items-baseline justify-between text-xs">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{t("quota.label")}</span>
        {quota === null && <span className="text-zinc-500">{t("quota.unlimited")}</span>}
      </div>
      <ProgressBar
        value={quota === null ? 0 : ratio}
        label={text}
        tone={ratio >= 0.95 ? "danger" : ratio >= 0.8 ? "warning" : "brand"}
      />
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="quota-text">
        {text}
      </p>
    </div>
  );
}
