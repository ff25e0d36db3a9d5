"use client";

import { useEffect, useRef, useState } from "react";
import { ChevronDown, ChevronUp, X } from "lucide-react";
import { UPLOAD_ROW_HEIGHT, UploadItemRow } from "@/components/upload/upload-item-row";
import { useUploadSnapshot } from "@/components/upload/upload-provider";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { getUploadQueue, type UploadItemView, type UploadTotals } from "@/lib/client/upload/upload-queue";
import { useVirtualWindow } from "@/lib/client/use-virtual-window";
import { formatDuration, formatSpeed } from "@/lib/i18n/format";
import type { Translate } from "@/lib/i18n/translate";
import { useLocale, useT } from "@/lib/i18n/provider";

function summary(totals: UploadTotals, t: Translate) {
  if (totals.active > 0) return t("upload.summaryActive", { done: totals.done, total: totals.count });
  if (totals.failed > 0) return t("upload.summaryErrors", { count: totals.failed });
  if (totals.paused > 0) return t("upload.summaryPaused");
  return t("upload.summaryDone", { count: totals.done });
}

/** Bottom-right upload queue: overall progress in the header, one row per file, collapsible. */
export function UploadPanel() {
  const t = useT();
  const locale = useLocale();
  const { items, totals } = useUploadSnapshot();
  const [collapsed, setCollapsed] = useState(false);
  const queue = getUploadQueue();
  const panelRef = useRef<HTMLElement>(null);
  const shown = items.length > 0;
  useReservedHeight(panelRef, shown);

  if (!shown) return null;
  const fraction = totals.bytesTotal > 0 ? totals.bytesDone / totals.bytesTotal : totals.done === totals.count ? 1 : 0;
  const settled = totals.active === 0 && totals.paused === 0;
  const retryable = items.some((item) => item.status === "error" && item.retryable);
  const stats = [
    `${Math.floor(fraction * 100)}%`,
    totals.active > 0 && totals.speed > 0 ? formatSpeed(totals.speed, locale) : null,
    totals.active > 0 && totals.eta !== null ? t("upload.remaining", { time: formatDuration(totals.eta, t) }) : null,
  ].filter(Boolean);

  return (
    <section
      ref={panelRef}
      data-testid="upload-panel"
      aria-label={t("upload.panelTitle")}
      className="fixed inset-x-2 bottom-2 z-40 overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-2xl sm:inset-x-auto sm:right-4 sm:bottom-4 sm:w-[400px] dark:border-zinc-700 dark:bg-zinc-900"
    >
      <header className="space-y-2 border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <div className="flex items-center gap-2">
          <div className="min-w-0 flex-1">
            <h2 className="truncate text-sm font-semibold" data-testid="upload-summary">
              {summary(totals, t)}
            </h2>
            <p className="truncate text-xs text-zinc-500 tabular-nums dark:text-zinc-400" data-testid="upload-stats">
              {stats.join(" · ")}
            </p>
          </div>
          <IconButton size="sm" label={collapsed ? t("upload.expand") : t("upload.collapse")} aria-expanded={!collapsed} onClick={() => setCollapsed(!collapsed)}>
            {collapsed ? <ChevronUp className="size-4" aria-hidden /> : <ChevronDown className="size-4" aria-hidden />}
          </IconButton>
          {settled && (
            <IconButton size="sm" label={t("upload.closePanel")} onClick={() => {
                queue.cancelAll();
                queue.clearCompleted();
              }} data-testid="upload-close">
              <X className="size-4" aria-hidden />
            </IconButton>
          )}
        </div>
        <ProgressBar value={fraction} label={t("upload.panelTitle")} tone={totals.failed > 0 && settled ? "danger" : "brand"} />
      </header>
      {!collapsed && (
        <>
          <div className="flex flex-wrap gap-1 border-b border-zinc-100 px-2 py-1.5 dark:border-zinc-800">
            {totals.active > 0 && (
              <Button size="sm" variant="ghost" onClick={() => queue.pauseAll()} data-testid="upload-pause-all">
                {t("upload.pauseAll")}
              </Button>
            )}
            {(totals.paused > 0 || retryable) && (
              <Button size="sm" variant="ghost" onClick={() => queue.resumeAll()} data-testid="upload-resume-all">
                {totals.paused > 0 ? t("upload.resumeAll") : t("upload.retryAll")}
              </Button>
            )}
            {!settled && (
              <Button size="sm" variant="ghost" onClick={() => queue.cancelAll()} data-testid="upload-cancel-all">
                {t("upload.cancelAll")}
              </Button>
            )}
            {totals.done > 0 && (
              <Button size="sm" variant="ghost" className="ml-auto" onClick={() => queue.clearCompleted()} data-testid="upload-clear-completed">
                {t("upload.clearCompleted")}
              </Button>
            )}
          </div>
          <UploadList items={items} />
        </>
      )}
    </section>
  );
}

/**
 * Publishes the panel's height as `--upload-panel-space` on <html>, so the toasts stack above the panel instead of
 * over it.
 */
function useReservedHeight(ref: React.RefObject<HTMLElement | null>, shown: boolean) {
  useEffect(() => {
    const element = ref.current;
    const root = document.documentElement;
    if (!shown || !element) return;
    const observer = new ResizeObserver(() => root.style.setProperty("--upload-panel-space", `${element.offsetHeight}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty("--upload-panel-space");
    };
  }, [ref, shown]);
}

function UploadList({ items }: { items: UploadItemView[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLUListElement>(null);
  const { start, end, totalHeight } = useVirtualWindow({ count: items.length, rowHeight: UPLOAD_ROW_HEIGHT, scrollRef, rowsRef, overscan: 4 });
  return (
    <div ref={scrollRef} className="relative max-h-[min(18rem,40dvh)] overflow-y-auto">
      <ul ref={rowsRef} className="relative" style={{ height: totalHeight }}>
        {items.slice(start, end).map((item, offset) => (
          <UploadItemRow key={item.id} item={item} top={(start + offset) * UPLOAD_ROW_HEIGHT} />
        ))}
      </ul>
    </div>
  );
}
