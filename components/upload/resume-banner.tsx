"use client";

import { useEffect, useState } from "react";
import { History, X } from "lucide-react";
import { useUploadSnapshot } from "@/components/upload/upload-provider";
import { Button } from "@/components/ui/button";
import { IconButton } from "@/components/ui/icon-button";
import { getUploadQueue } from "@/lib/client/upload/upload-queue";
import { findInterruptedUploads, forgetInterruptedUploads, type InterruptedUpload } from "@/lib/client/upload/tus-upload";
import { useT } from "@/lib/i18n/provider";

/**
 * Uploads left unfinished by an earlier visit (reload, crash). The browser can't reopen the files by itself;
 * picking or dropping the same file again continues it from the last offset.
 */
export function ResumeBanner({ onPick }: { onPick: () => void }) {
  const t = useT();
  const { totals } = useUploadSnapshot();
  const queueState = `${totals.count}:${totals.done}:${totals.active}`;
  const [interrupted, setInterrupted] = useState<InterruptedUpload[]>([]);
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void findInterruptedUploads(getUploadQueue().knownUploadUrls()).then((found) => {
      if (!cancelled) setInterrupted(found);
    });
    return () => {
      cancelled = true;
    };
  }, [queueState]);

  if (dismissed || interrupted.length === 0) return null;
  const names = interrupted.map((upload) => upload.metadata.filename).filter(Boolean);
  return (
    <div
      role="status"
      data-testid="resume-banner"
      className="mx-3 mt-3 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border border-amber-200 bg-amber-50 px-4 py-2.5 text-sm text-amber-900 sm:mx-5 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <History className="size-4 shrink-0" aria-hidden />
      <p className="min-w-0 flex-1">
        {t("upload.resumeBanner", { count: interrupted.length })}
        {names.length > 0 && <span className="block truncate text-xs opacity-80">{names.slice(0, 3).join(", ") + (names.length > 3 ? ", …" : "")}</span>}
      </p>
      <div className="flex items-center gap-1">
        <Button size="sm" onClick={onPick}>
          {t("drive.uploadFiles")}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            void forgetInterruptedUploads(interrupted).then(() => setInterrupted([]));
          }}
        >
          {t("upload.resumeForget")}
        </Button>
        <IconButton size="sm" label={t("upload.resumeDismiss")} onClick={() => setDismissed(true)}>
          <X className="size-4" aria-hidden />
        </IconButton>
      </div>
    </div>
  );
}
