"use client";

import { useState } from "react";
import { ChevronRight, Folder } from "lucide-react";
import type { NodeTargets } from "@/components/drive/node-targets";
import { useFolderPickerListing } from "@/components/drive/use-folder-picker-listing";
import { PickerNewFolder } from "@/components/drive/quick/picker-new-folder";
import { cn } from "@/components/ui/cn";
import { FormDialog } from "@/components/ui/form-dialog";
import { ProgressBar } from "@/components/ui/progress-bar";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { useT } from "@/lib/i18n/provider";

type FolderPickerDialogProps = {
  /** "choose": pick any folder for something else (e.g. an app password's folder); `targets` is then empty. */
  mode: "move" | "copy" | "choose";
  targets: NodeTargets;
  rootId: number;
  /** what the first crumb says when it is a space's root (which has no name): a team's name; "My files" by default */
  rootName?: string;
  /** 0..1 while a long batch runs. */
  progress?: number | null;
  onConfirm: (target: { id: number; name: string }) => Promise<unknown>;
  onClose: () => void;
};

/** Choose a destination folder, browsing from the root. The items being moved can't be chosen or entered. */
export function FolderPickerDialog({ mode, targets, rootId, rootName, progress = null, onConfirm, onClose }: FolderPickerDialogProps) {
  const t = useT();
  const [currentId, setCurrentId] = useState(rootId);
  const { folder, listing, folders } = useFolderPickerListing(currentId);
  const crumbs = folder.data?.crumbs ?? [];
  // A space's root has no name; a folder the picker starts in otherwise (one shared with the user) keeps its own.
  const crumbName = (index: number, name: string) => (index === 0 && !name ? (rootName ?? t("nav.myFiles")) : name);
  const currentName = crumbs.length ? crumbName(crumbs.length - 1, crumbs[crumbs.length - 1].name) : "";
  const alreadyThere = mode === "move" && targets.parentId === currentId;
  // Each crumb is a child of the one before it.
  const insideMoved = crumbs.some((crumb, index) => index > 0 && targets.includes(crumb.id, crumbs[index - 1].id));
  const [first] = targets.nodes;

  return (
    <FormDialog
      testId="folder-picker"
      title={
        mode === "choose"
          ? t("picker.chooseTitle")
          : targets.count === 1 && first
            ? t(mode === "move" ? "picker.moveOneTitle" : "picker.copyOneTitle", { name: first.name })
            : t(mode === "move" ? "picker.moveTitle" : "picker.copyTitle", { count: targets.count })
      }
      submitLabel={t(mode === "move" ? "picker.moveHere" : mode === "copy" ? "picker.copyHere" : "picker.chooseHere")}
      submitTestId="picker-confirm"
      submitDisabled={!folder.data || alreadyThere || insideMoved}
      onSubmit={() => onConfirm({ id: currentId, name: currentName })}
      onClose={onClose}
    >
      {({ error }) => (
        <>
          <nav aria-label={t("drive.breadcrumbs")} className="mb-2 flex flex-wrap items-center gap-0.5 text-sm">
            {crumbs.map((crumb, index) => (
              <span key={crumb.id} className="flex items-center gap-0.5">
                {index > 0 && <ChevronRight className="size-3.5 text-zinc-400" aria-hidden />}
                <button
                  type="button"
                  data-testid="picker-crumb"
                  onClick={() => setCurrentId(crumb.id)}
                  aria-current={index === crumbs.length - 1 ? "location" : undefined}
                  className={cn(
                    "max-w-40 truncate rounded-md px-1.5 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800",
                    index === crumbs.length - 1 ? "font-semibold" : "text-zinc-600 dark:text-zinc-400",
                  )}
                >
                  {crumbName(index, crumb.name)}
                </button>
              </span>
            ))}
          </nav>
          <PickerNewFolder parentId={currentId} disabled={!folder.data || folder.data.node.permissions.write === false || insideMoved} onCreated={setCurrentId} />
          <div role="listbox" aria-label={t("picker.folders")} className="h-64 overflow-y-auto rounded-xl border border-zinc-200 p-1 dark:border-zinc-700">
            {listing.isPending ? (
              <div className="flex h-full items-center justify-center">
                <Spinner label={t("common.loading")} />
              </div>
            ) : listing.isError ? (
              <p className="p-4 text-sm text-red-600 dark:text-red-400">{errorMessage(listing.error, t("common.unknownError"))}</p>
            ) : folders.length === 0 ? (
              <p className="flex h-full items-center justify-center text-sm text-zinc-500">{t("picker.noFolders")}</p>
            ) : (
              folders.map((item) => {
                const disabled = targets.includes(item.id, item.parentId);
                return (
                  <button
                    key={item.id}
                    type="button"
                    role="option"
                    aria-selected={false}
                    disabled={disabled}
                    data-testid="picker-folder"
                    data-name={item.name}
                    onClick={() => setCurrentId(item.id)}
                    className="flex w-full items-center gap-2.5 rounded-lg px-2.5 py-2 text-left text-sm enabled:hover:bg-zinc-100 disabled:opacity-40 dark:enabled:hover:bg-zinc-800"
                  >
                    <Folder className="size-4 shrink-0 fill-brand-100 text-brand-500 dark:fill-brand-950 dark:text-brand-400" aria-hidden />
                    <span className="min-w-0 flex-1 truncate">{item.name}</span>
                    <ChevronRight className="size-4 text-zinc-400" aria-hidden />
                  </button>
                );
              })
            )}
            {listing.hasNextPage && (
              <button
                type="button"
                onClick={() => void listing.fetchNextPage()}
                disabled={listing.isFetchingNextPage}
                className="w-full rounded-lg px-2.5 py-2 text-sm text-brand-600 hover:bg-zinc-100 dark:text-brand-400 dark:hover:bg-zinc-800"
              >
                {listing.isFetchingNextPage ? t("common.loadingMore") : t("picker.loadMore")}
              </button>
            )}
          </div>
          {progress !== null && <ProgressBar value={progress} label={t("selection.working", { count: targets.count })} className="mt-3" />}
          {error ? (
            <p role="alert" className="mt-2 text-sm text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : (
            alreadyThere && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{t("picker.sameFolder")}</p>
          )}
        </>
      )}
    </FormDialog>
  );
}
