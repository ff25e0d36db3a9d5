"use client";

import { Fragment, type DragEvent } from "react";
import Link from "next/link";
import { ChevronRight, HardDrive, UsersRound } from "lucide-react";
import { folderHref } from "@/components/drive/use-node-actions";
import { cn } from "@/components/ui/cn";
import type { Crumb } from "@/lib/client/api-types";
import { useT } from "@/lib/i18n/provider";

const crumbLink =
  "block max-w-40 truncate rounded-md px-1.5 py-1 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

/** Crumbs as drop targets for dragged rows (components/drive/quick/use-row-drag.ts); `parentId` is the crumb's parent. */
export type CrumbDropTarget = {
  overId: number | null;
  onDragOver: (event: DragEvent, folder: Crumb, parentId: number | null) => void;
  onDragLeave: (folder: Crumb) => void;
  onDrop: (event: DragEvent, folder: Crumb, parentId: number | null) => void;
};

/**
 * Root first. On phones only the root, "…" (the parent) and the current folder are shown.
 * The current folder is the page's heading. A folder shared with the user (`shared`) starts with a crumb back to
 * "Shared with me"; `homeId` is the user's own root (which links to /files).
 */
export function Breadcrumbs({ crumbs, homeId, shared = false, teamName, dropTarget }: { crumbs: Crumb[]; homeId: number; shared?: boolean; teamName?: string; dropTarget?: CrumbDropTarget }) {
  const t = useT();
  const rootId = homeId;
  // The root of one's own drive (or of a team's) has no name; a folder shared with the user is its own first crumb.
  const label = (crumb: Crumb, index: number) => (index === 0 && !crumb.name ? (teamName ?? t("nav.myFiles")) : crumb.name);
  const parent = crumbs.length > 2 ? crumbs[crumbs.length - 2] : null;

  return (
    <nav aria-label={t("drive.breadcrumbs")} data-testid="breadcrumbs" className="min-w-0">
      <ol className="flex min-w-0 items-center gap-0.5 text-sm">
        {shared && (
          <li className="flex shrink-0 items-center gap-0.5">
            <Link href="/shared/with-me" data-testid="crumb-shared" className={crumbLink} title={t("nav.sharedWithMe")} aria-label={t("nav.sharedWithMe")}>
              <UsersRound className="size-4 sm:hidden" aria-hidden />
              <span className="hidden sm:inline">{t("nav.sharedWithMe")}</span>
            </Link>
            <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />
          </li>
        )}
        {crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1;
          const middle = index > 0 && !last;
          return (
            <Fragment key={crumb.id}>
            {index === 1 && parent && (
              <li className="flex items-center gap-0.5 sm:hidden">
                <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />
                <Link href={folderHref(parent.id, rootId)} aria-label={parent.name} className="rounded-md px-1.5 py-1 text-zinc-600 dark:text-zinc-400">
                  …
                </Link>
              </li>
            )}
            <li className={cn("flex min-w-0 items-center gap-0.5", middle && "hidden sm:flex", last && "shrink")}>
              {index > 0 && <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />}
              {last ? (
                <h1 aria-current="page" className="truncate px-1.5 text-base font-semibold" data-testid="current-folder" title={label(crumb, index)}>
                  {label(crumb, index)}
                </h1>
              ) : (
                <Link
                  href={folderHref(crumb.id, rootId)}
                  data-testid="crumb"
                  className={cn(crumbLink, dropTarget?.overId === crumb.id && "bg-brand-100 ring-2 ring-brand-500 dark:bg-brand-900/60")}
                  {...(dropTarget && {
                    onDragOver: (event: DragEvent) => dropTarget.onDragOver(event, { id: crumb.id, name: label(crumb, index) }, crumbs[index - 1]?.id ?? null),
                    onDragLeave: () => dropTarget.onDragLeave(crumb),
                    onDrop: (event: DragEvent) => dropTarget.onDrop(event, { id: crumb.id, name: label(crumb, index) }, crumbs[index - 1]?.id ?? null),
                  })}
                  title={label(crumb, index)}
                  aria-label={label(crumb, index)}
                >
                  {index === 0 && !shared ? (
                    <>
                      <HardDrive className="size-4 sm:hidden" aria-hidden />
                      <span className="hidden sm:inline">{label(crumb, index)}</span>
                    </>
                  ) : (
                    label(crumb, index)
                  )}
                </Link>
              )}
            </li>
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
