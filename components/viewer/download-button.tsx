"use client";

import { Download } from "lucide-react";

/** A download button, or nothing when the file gives no bytes (a preview-only link). */
export function DownloadButton({ url, label, testId = "public-download" }: { url: string | null; label: string; testId?: string }) {
  if (!url) return null;
  return (
    <a
      href={url}
      download
      className="inline-flex h-9 shrink-0 items-center justify-center gap-2 rounded-lg bg-brand-600 px-3.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700 dark:bg-brand-500 dark:text-zinc-950 dark:hover:bg-brand-400"
      data-testid={testId}
    >
      <Download className="size-4" aria-hidden />
      {label}
    </a>
  );
}
