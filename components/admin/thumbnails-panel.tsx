"use client";

import { useEffect } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Check, Images, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ProgressBar } from "@/components/ui/progress-bar";
import { useFeedback } from "@/components/ui/use-feedback";
import { getThumbnailStatus, regenerateThumbnails } from "@/lib/client/thumbnails-admin-api";

/**
 * Admin → Jobs, "Thumbnails": which kinds of files this server can render (a missing tool is named), "Regenerate
 * thumbnails" for files without one or for all, and the backfill's progress.
 */
export function ThumbnailsPanel() {
  const { t, toast, fail, invalidate } = useFeedback();
  const status = useQuery({ queryKey: ["admin-thumbnails"], queryFn: getThumbnailStatus, refetchInterval: (q) => (q.state.data?.backfill && ["queued", "running"].includes(q.state.data.backfill.status) ? 2000 : false) });
  const regenerate = useMutation({
    mutationFn: regenerateThumbnails,
    onSuccess: () => {
      toast.success(t("thumbs.queued"));
      invalidate(["admin-thumbnails"], ["admin-jobs"]);
    },
    onError: fail,
  });
  const backfill = status.data?.backfill;
  // The jobs list below shows the same job: refresh it when the backfill changes state.
  useEffect(() => invalidate(["admin-jobs"]), [backfill?.id, backfill?.status, invalidate]);
  const busy = regenerate.isPending || (backfill !== undefined && backfill !== null && ["queued", "running"].includes(backfill.status));
  return (
    <section className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" data-testid="thumbnails-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="flex flex-1 items-center gap-2 text-sm font-semibold">
          <Images className="size-4" aria-hidden />
          {t("thumbs.title")}
        </h2>
        <Button size="sm" onClick={() => regenerate.mutate(false)} disabled={busy} data-testid="thumbnails-regenerate">
          {t("thumbs.regenerateMissing")}
        </Button>
        <Button size="sm" onClick={() => regenerate.mutate(true)} disabled={busy} data-testid="thumbnails-regenerate-all">
          {t("thumbs.regenerateAll")}
        </Button>
      </div>
      {status.data && (
        <ul className="flex flex-wrap gap-1.5" aria-label={t("thumbs.formats")}>
          {status.data.formats.map((f) => (
            <li
              key={f.format}
              title={f.note}
              data-testid="thumbnail-format"
              data-available={f.available}
              className={cn(
                "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs",
                f.available ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200" : "bg-amber-50 text-amber-800 dark:bg-amber-950/50 dark:text-amber-200",
              )}
            >
              {f.available ? <Check className="size-3" aria-hidden /> : <X className="size-3" aria-hidden />}
              {f.format}
              {!f.available && f.note && <span className="sr-only sm:not-sr-only">({f.note})</span>}
            </li>
          ))}
        </ul>
      )}
      {backfill && (
        <div className="space-y-1" data-testid="thumbnails-backfill" data-status={backfill.status} data-job={backfill.id}>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("thumbs.backfill", { status: t(`dash.job.${backfill.status}`), percent: String(Math.round(backfill.progress * 100)) })}</p>
          <ProgressBar value={backfill.progress} label={t("thumbs.title")} tone={backfill.status === "failed" ? "danger" : backfill.status === "done" ? "success" : "brand"} />
        </div>
      )}
    </section>
  );
}
