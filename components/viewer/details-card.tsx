"use client";

import { NodeIcon } from "@/components/drive/node-icon";
import type { PublicEntry } from "@/lib/client/share-api";
import { formatBytes, formatDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";
import { DownloadButton } from "./download-button";

/** A file the viewer cannot show: what it is, and a download button when the bytes may be had. */
export function DetailsCard({ entry, noDownload }: { entry: PublicEntry; noDownload: boolean }) {
  const t = useT();
  const locale = useLocale();
  const rows: Array<[string, string]> = [
    [t("viewer.size"), formatBytes(entry.size, locale)],
    [t("viewer.type"), entry.mimeType ?? "—"],
    [t("viewer.modified"), formatDateTime(entry.mtime, locale)],
  ];
  return (
    <div className="flex flex-col items-center gap-4 px-6 py-12 text-center" data-testid="no-preview">
      <NodeIcon node={entry} className="size-14 stroke-[1.1]" />
      <div className="min-w-0 max-w-full">
        <p className="truncate text-base font-medium" data-testid="no-preview-name">
          {entry.name}
        </p>
        <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("public.noPreview")}</p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-left text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="min-w-0 truncate">{value}</dd>
          </div>
        ))}
      </dl>
      <DownloadButton url={noDownload ? null : entry.downloadUrl} label={t("action.download")} testId="details-download" />
    </div>
  );
}
