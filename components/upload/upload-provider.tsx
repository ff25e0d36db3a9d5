"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { ConflictDialog, type ConflictRequest } from "@/components/upload/conflict-dialog";
import { useFeedback } from "@/components/ui/use-feedback";
import { errorMessage } from "@/lib/client/api";
import type { ConflictPolicy } from "@/lib/client/api-types";
import { findExistingNames } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import { ensureFolderPaths } from "@/lib/client/upload/folder-paths";
import { getUploadQueue, type UploadSnapshot } from "@/lib/client/upload/upload-queue";
import { findResumableNames } from "@/lib/client/upload/tus-upload";
import { isTopLevel, type UploadSource } from "@/lib/client/upload/upload-source";
import { emptyTotals } from "@/lib/client/upload/upload-totals";

export type UploadTarget = { id: number; name: string };

type UploadApi = {
  /**
   * Checks name conflicts in the target folder, asks the user if needed, then queues the files and creates
   * `emptyFolders` (paths like "a/b" that no file's path would create; mkdir -p).
   */
  startUpload: (sources: UploadSource[], target: UploadTarget, emptyFolders?: string[]) => Promise<void>;
};

const UploadContext = createContext<UploadApi | null>(null);
const emptySnapshot: UploadSnapshot = { items: [], totals: emptyTotals() };

export function UploadProvider({ children }: { children: ReactNode }) {
  const { t, toast, fail, invalidate } = useFeedback();
  const [conflict, setConflict] = useState<(ConflictRequest & { resolve: (choices: Map<string, ConflictPolicy> | null) => void }) | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const queue = getUploadQueue();
    // Many small files finish in quick succession: refresh listings and quota at most about once a second.
    const refreshSoon = () => {
      refreshTimer.current ??= setTimeout(() => {
        refreshTimer.current = null;
        invalidate(queryKeys.allChildren, queryKeys.allFolders, queryKeys.me);
      }, 800);
    };
    queue.events = {
      onItemDone: refreshSoon,
      onItemFailed: (item) => toast.error(t("upload.failed", { name: item.name, message: item.error ?? "" })),
    };
    let wasActive = queue.getSnapshot().totals.active > 0;
    const unsubscribe = queue.subscribe(() => {
      const { totals } = queue.getSnapshot();
      const active = totals.active > 0;
      if (wasActive && !active && totals.done > 0 && totals.failed === 0 && totals.paused === 0) {
        toast.success(t("upload.allDone", { count: totals.done }));
      }
      wasActive = active;
    });
    return () => {
      unsubscribe();
      queue.events = {};
    };
  }, [invalidate, toast, t]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (getUploadQueue().getSnapshot().totals.active > 0) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  /** Folders without files, made after the user agreed to the upload; files inside them don't wait for this. */
  const createEmptyFolders = useCallback(
    async (paths: string[], target: UploadTarget, alone: boolean) => {
      const { created, failures } = await ensureFolderPaths(target.id, paths).catch((error: unknown) => ({
        created: 0,
        failures: [{ path: paths[0], blocked: false, error }],
      }));
      invalidate(queryKeys.allChildren, queryKeys.allFolders, queryKeys.allNodes);
      for (const { path, blocked, error } of failures.slice(0, 3)) {
        toast.error(blocked ? t("upload.folderBlocked", { name: path }) : t("upload.folderFailed", { name: path, message: errorMessage(error, t("common.unknownError")) }));
      }
      // With files, the upload's own "complete" toast says it all.
      if (alone && created > 0 && failures.length === 0) toast.success(t("upload.foldersCreated", { count: created }));
    },
    [invalidate, toast, t],
  );

  const startUpload = useCallback(
    async (sources: UploadSource[], target: UploadTarget, emptyFolders: string[] = []) => {
      if (sources.length === 0 && emptyFolders.length === 0) return;
      // Folders merge, so only files directly in the target folder can clash.
      const topNames = [...new Set(sources.filter(isTopLevel).map((source) => source.file.name))];
      let existing: string[] = [];
      let resuming: string[] = [];
      try {
        [existing, resuming] = topNames.length ? await Promise.all([findExistingNames(target.id, topNames), findResumableNames(target.id, topNames)]) : [[], []];
      } catch (error) {
        fail(error);
        return;
      }
      // An interrupted upload continues with the choice made when it began: asking again would change nothing.
      existing = existing.filter((name) => !resuming.includes(name));
      if (resuming.length > 0) toast.info(t("upload.resuming", { count: resuming.length, names: resuming.slice(0, 3).join(", ") }));
      let choices = new Map<string, ConflictPolicy>();
      if (existing.length > 0) {
        const answer = await new Promise<Map<string, ConflictPolicy> | null>((resolve) =>
          setConflict({ names: existing, folderName: target.name, resuming, resolve }),
        );
        setConflict(null);
        if (!answer) return;
        choices = answer;
      }
      if (sources.length > 0) getUploadQueue().add(sources, target.id, (source) => (isTopLevel(source) ? choices.get(source.file.name) ?? "rename" : "rename"));
      if (emptyFolders.length > 0) await createEmptyFolders(emptyFolders, target, sources.length === 0);
    },
    [fail, createEmptyFolders, toast, t],
  );

  const api = useMemo(() => ({ startUpload }), [startUpload]);
  return (
    <UploadContext.Provider value={api}>
      {children}
      {conflict && <ConflictDialog request={conflict} onResolve={conflict.resolve} />}
    </UploadContext.Provider>
  );
}

export function useUpload(): UploadApi {
  const api = useContext(UploadContext);
  if (!api) throw new Error("useUpload() must be used inside <UploadProvider>");
  return api;
}

/** Live state of the tab's upload queue. */
export function useUploadSnapshot(): UploadSnapshot {
  return useSyncExternalStore(subscribeToQueue, readQueue, () => emptySnapshot);
}

// Only called in the browser, so the server never creates a queue.
const subscribeToQueue = (listener: () => void) => getUploadQueue().subscribe(listener);
const readQueue = () => getUploadQueue().getSnapshot();
