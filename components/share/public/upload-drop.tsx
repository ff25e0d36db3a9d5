"use client";

import { useCallback, useRef, useState, type DragEvent } from "react";
import { CircleAlert, CircleCheck, UploadCloud } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ProgressBar } from "@/components/ui/progress-bar";
import { createShareUpload } from "@/lib/client/upload/share-upload";
import { formatBytes } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

type Item = { id: number; name: string; size: number; sent: number; status: "uploading" | "done" | "error"; message?: string };

type UploadDropProps = {
  token: string;
  /** Folder inside the share; null for the shared folder itself. */
  parentId: number | null;
  sizeLimit: number | null;
  /** Upload-only links: finished files leave the list, so the page never shows what the folder holds. */
  blind?: boolean;
  onUploaded?: () => void;
  compact?: boolean;
};

let nextId = 1;

/** A drop zone and file picker that uploads through tus to a public link, with progress per file. */
export function UploadDrop({ token, parentId, sizeLimit, blind = false, onUploaded, compact = false }: UploadDropProps) {
  const t = useT();
  const locale = useLocale();
  const inputRef = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [received, setReceived] = useState(0);
  const [dragging, setDragging] = useState(false);

  const patch = (id: number, changes: Partial<Item>) => setItems((list) => list.map((item) => (item.id === id ? { ...item, ...changes } : item)));

  const start = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const id = nextId++;
        const item: Item = { id, name: file.name, size: file.size, sent: 0, status: "uploading" };
        if (sizeLimit !== null && file.size > sizeLimit) {
          item.status = "error";
          item.message = t("public.tooLarge", { limit: formatBytes(sizeLimit, locale) });
          setItems((list) => [...list, item]);
          continue;
        }
        setItems((list) => [...list, item]);
        createShareUpload(file, token, parentId, {
          onProgress: (sent) => patch(id, { sent }),
          onSuccess: () => {
            if (blind) {
              setItems((list) => list.filter((entry) => entry.id !== id));
              setReceived((count) => count + 1);
            } else {
              patch(id, { status: "done", sent: file.size });
            }
            onUploaded?.();
          },
          onError: (message) => patch(id, { status: "error", message }),
        }).start();
      }
    },
    [token, parentId, sizeLimit, blind, onUploaded, t, locale],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) start(files);
  };

  return (
    <section className="space-y-3" data-testid="upload-drop">
      <div
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => event.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="upload-drop-zone"
        className={cn(
          "flex flex-col items-center justify-center gap-3 rounded-2xl border-2 border-dashed text-center transition-colors",
          compact ? "px-4 py-5" : "px-6 py-14",
          dragging ? "border-brand-500 bg-brand-50 dark:bg-brand-950/40" : "border-zinc-300 dark:border-zinc-700",
        )}
      >
        <UploadCloud className={cn("text-brand-600 dark:text-brand-400", compact ? "size-6" : "size-10")} aria-hidden />
        {!compact && <p className="text-base font-semibold">{t("public.dropTitle")}</p>}
        <p className="max-w-sm text-sm text-zinc-500 dark:text-zinc-400">
          {blind ? t("public.dropHintBlind") : t("public.dropHint")}
          {sizeLimit !== null && ` ${t("public.sizeLimit", { limit: formatBytes(sizeLimit, locale) })}`}
        </p>
        <Button variant="primary" onClick={() => inputRef.current?.click()} data-testid="upload-pick">
          {t("drive.uploadFiles")}
        </Button>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          data-testid="upload-input"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = "";
            if (files.length > 0) start(files);
          }}
        />
      </div>
      {received > 0 && (
        <p role="status" className="flex items-center gap-2 text-sm text-emerald-700 dark:text-emerald-400" data-testid="upload-received">
          <CircleCheck className="size-4" aria-hidden />
          {t("public.received", { count: received })}
        </p>
      )}
      {items.length > 0 && (
        <ul className="space-y-2" data-testid="share-upload-list">
          {items.map((item) => (
            <li key={item.id} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="share-upload-item" data-status={item.status}>
              <div className="flex items-center gap-2 text-sm">
                {item.status === "done" ? <CircleCheck className="size-4 text-emerald-500" aria-hidden /> : item.status === "error" ? <CircleAlert className="size-4 text-red-500" aria-hidden /> : null}
                <span className="min-w-0 flex-1 truncate">{item.name}</span>
                <span className="text-xs text-zinc-500 tabular-nums">
                  {formatBytes(item.sent, locale)} / {formatBytes(item.size, locale)}
                </span>
              </div>
              {item.status === "uploading" && <ProgressBar value={item.size ? item.sent / item.size : 0} label={t("upload.status.uploading")} className="mt-1.5" />}
              {item.status === "error" && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{item.message}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
