"use client";

import type { ComponentProps } from "react";
import Link from "next/link";
import { FolderOpen, FolderUp, Upload } from "lucide-react";
import type { UseInfiniteQueryResult, UseQueryResult } from "@tanstack/react-query";
import { NodeGridRows } from "@/components/drive/node-grid-rows";
import { NodeListRows } from "@/components/drive/node-list-rows";
import type { ViewMode } from "@/components/drive/use-view-preferences";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { ApiError, errorMessage } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

type FolderBodyProps = Omit<ComponentProps<typeof NodeListRows>, "paging"> & {
  view: ViewMode;
  folder: UseQueryResult<unknown>;
  listing: UseInfiniteQueryResult<unknown>;
  items: NodeView[];
  canWrite: boolean;
  onUploadFiles: () => void;
  onUploadFolder: () => void;
};

/** What the list area shows: skeleton, error, empty folder, or the rows. */
export function FolderBody({ view, folder, listing, canWrite, onUploadFiles, onUploadFolder, ...rows }: FolderBodyProps) {
  const t = useT();
  if (folder.isError) {
    const missing = folder.error instanceof ApiError && (folder.error.status === 404 || folder.error.status === 403);
    return (
      <ErrorState
        title={t("drive.errorTitle")}
        message={missing ? t("drive.notFound") : errorMessage(folder.error, t("common.unknownError"))}
        onRetry={missing ? undefined : () => void folder.refetch()}
        extra={
          <Link href="/files" className="inline-flex h-9 items-center rounded-lg px-3.5 text-sm font-medium text-brand-600 hover:bg-brand-50 dark:text-brand-400 dark:hover:bg-brand-950">
            {t("drive.backToRoot")}
          </Link>
        }
      />
    );
  }
  // Only a failed first page replaces the list: a failed later page keeps the rows loaded and is asked for again.
  if (listing.isError && !listing.data) {
    return <ErrorState title={t("drive.errorTitle")} message={errorMessage(listing.error, t("common.unknownError"))} onRetry={() => void listing.refetch()} />;
  }
  if (listing.isPending) return <SkeletonRows label={t("common.loading")} />;
  if (rows.items.length === 0) {
    return (
      <EmptyState
        icon={<FolderOpen className="size-7" aria-hidden />}
        title={t("drive.emptyTitle")}
        hint={canWrite ? t("drive.emptyHint") : undefined}
        action={
          canWrite && (
            <div className="flex flex-wrap justify-center gap-2">
              <Button variant="primary" onClick={onUploadFiles} icon={<Upload className="size-4" aria-hidden />}>
                {t("drive.uploadFiles")}
              </Button>
              <Button onClick={onUploadFolder} icon={<FolderUp className="size-4" aria-hidden />}>
                {t("drive.uploadFolder")}
              </Button>
            </div>
          )
        }
      />
    );
  }
  const paging = { hasNextPage: listing.hasNextPage, isFetchingNextPage: listing.isFetchingNextPage, failed: listing.isFetchNextPageError, fetchNextPage: () => void listing.fetchNextPage() };
  return view === "grid" ? <NodeGridRows {...rows} paging={paging} /> : <NodeListRows {...rows} paging={paging} />;
}
