"use client";

import { CircleAlert, CircleCheck, Pause, Play, RotateCw, X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { getUploadQueue, type UploadItemView } from "@/lib/client/upload/upload-queue";
import { formatBytes, formatDuration, formatSpeed } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

export const UPLOAD_ROW_HEIGHT = 68;

export function UploadItemRow({ item, top }: { item: UploadItemView; top: number }) {
  const t = useT();
  const locale = useLocale();
  const queue = getUploadQueue();
  const fraction = item.size > 0 ? item.uploaded / item.size : item.status === "done" ? 1 : 0;
  const bytes = t("upload.bytesOf", { done: formatBytes(item.uploaded, locale), total: formatBytes(item.size, locale) });

  let detail: string;
  if (item.status === "uploading") {
    const eta = item.speed > 0 ? formatDuration((item.size - item.uploaded) / item.speed, t) : null;
    detail = [bytes, item.speed > 0 ? formatSpeed(item.speed, locale) : null, eta ? t("upload.remaining", { time: eta }) : null].filter(Boolean).join(" · ");
  } else if (item.status === "done") {
    detail = formatBytes(item.size, locale);
  } else if (item.status === "error") {
    detail = item.error ?? t("upload.status.error");
  } else {
    detail = `${t(`upload.status.${item.status}`)} · ${bytes}`;
  }

  return (
    <li
      data-testid="upload-item"
      data-name={item.name}
      data-status={item.status}
      className="absolute inset-x-0 flex items-center gap-2 border-b border-zinc-100 px-4 dark:border-zinc-800"
      style={{ top, height: UPLOAD_ROW_HEIGHT }}
    >
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex items-center gap-1.5">
          {item.status === "done" && <CircleCheck className="size-4 shrink-0 text-emerald-500" aria-hidden />}
          {item.status === "error" && <CircleAlert className="size-4 shrink-0 text-red-500" aria-hidden />}
          <p className="truncate text-sm font-medium" title={item.relativePath}>
            {item.name}
          </p>
        </div>
        {item.status !== "done" && (
          <ProgressBar
            value={fraction}
            label={item.name}
            tone={item.status === "error" ? "danger" : item.status === "paused" ? "muted" : "brand"}
          />
        )}
        <p
          className={item.status === "error" ? "truncate text-xs text-red-600 dark:text-red-400" : "truncate text-xs text-zinc-500 tabular-nums dark:text-zinc-400"}
          title={detail}
          data-testid="upload-item-detail"
        >
          {detail}
        </p>
      </div>
      <div className="flex shrink-0 items-center" role="group" aria-label={t("upload.itemActions", { name: item.name })}>
        {(item.status === "uploading" || item.status === "queued") && (
          <IconButton size="sm" label={t("upload.pause")} onClick={() => queue.pause(item.id)} data-testid="upload-pause">
            <Pause className="size-4" aria-hidden />
          </IconButton>
        )}
        {item.status === "paused" && (
          <IconButton size="sm" label={t("upload.resume")} onClick={() => queue.resume(item.id)} data-testid="upload-resume">
            <Play className="size-4" aria-hidden />
          </IconButton>
        )}
        {item.status === "error" && item.retryable && (
          <IconButton size="sm" label={t("upload.retry")} onClick={() => queue.resume(item.id)} data-testid="upload-retry">
            <RotateCw className="size-4" aria-hidden />
          </IconButton>
        )}
        {item.status !== "done" && (
          <IconButton size="sm" label={t("upload.cancel")} onClick={() => queue.cancel(item.id)} data-testid="upload-cancel">
            <X className="size-4" aria-hidden />
          </IconButton>
        )}
      </div>
    </li>
  );
}
