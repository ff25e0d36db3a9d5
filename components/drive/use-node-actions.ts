"use client";

import { useCallback, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import type { NodeTargets } from "@/components/drive/node-targets";
import { useFeedback } from "@/components/ui/use-feedback";
import type { NodeView } from "@/lib/client/api-types";
import { BATCH_SIZE, contentUrl, copyNodes, createFolder, inChunks, MAX_ZIP_URL_LENGTH, moveNodes, renameNode, trashNodes, zipUrl } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import type { MessageKey } from "@/lib/i18n/translate";

export function folderHref(id: number, rootId?: number) {
  return id === rootId ? "/files" : `/files/${id}`;
}

/** Starts a browser download without leaving the page (the server sends Content-Disposition: attachment). */
function triggerDownload(url: string) {
  const link = document.createElement("a");
  link.href = url;
  link.download = "";
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/**
 * Everything a user can do to nodes, with toasts and cache invalidation after each change. Opening a file hands it
 * to `onViewFile` (the in-app viewer).
 */
export function useNodeActions(rootId: number | undefined, onViewFile: (node: NodeView) => void) {
  const { t, toast, fail, invalidate } = useFeedback();
  const router = useRouter();
  /** 0..1 while a batch that needs fetching or several requests runs, else null. */
  const [progress, setProgress] = useState<number | null>(null);

  const refresh = useCallback(
    () => invalidate(queryKeys.allChildren, queryKeys.allFolders, queryKeys.allNodes, queryKeys.me, queryKeys.trash),
    [invalidate],
  );

  /**
   * Collects the targets' ids (fetching the rest of the folder when "Select all" went beyond the loaded rows),
   * then runs `action` on them chunk by chunk. Resolves with the number of items.
   */
  const runOnTargets = async (targets: NodeTargets, action: (ids: number[]) => Promise<unknown>) => {
    const fetching = targets.count > targets.nodes.length;
    const fetchShare = fetching ? 0.1 : 0; // listing ids is fast next to the batch requests
    try {
      const ids = await targets.resolveIds(fetching ? (loaded) => setProgress((fetchShare * loaded) / Math.max(1, targets.count)) : undefined);
      const report = fetching || ids.length > BATCH_SIZE;
      await inChunks(ids, action, report ? (done) => setProgress(fetchShare + ((1 - fetchShare) * done) / ids.length) : undefined);
      return ids.length;
    } finally {
      setProgress(null);
    }
  };

  const open = useCallback(
    (node: NodeView) => {
      if (node.isFolder) router.push(folderHref(node.id, rootId));
      else onViewFile(node);
    },
    [router, rootId, onViewFile],
  );

  /** One file directly; anything else as a zip (of the folder itself when every item of a large folder is chosen). */
  const download = useCallback(
    async (targets: NodeTargets) => {
      const [first] = targets.nodes;
      if (targets.count === 0 || !first) return;
      if (targets.count === 1 && !first.isFolder) {
        triggerDownload(contentUrl(first.id, { download: true }));
        toast.info(t("download.started"));
        return;
      }
      const folderZip = targets.wholeFolder && targets.parentId !== null ? zipUrl([targets.parentId]) : null;
      let url: string;
      try {
        // More ids than one URL holds: don't fetch them only to find that out.
        url = folderZip && targets.count > BATCH_SIZE ? folderZip : zipUrl(await targets.resolveIds());
      } catch (error) {
        fail(error);
        return;
      }
      if (url.length > MAX_ZIP_URL_LENGTH && folderZip) url = folderZip;
      if (url.length > MAX_ZIP_URL_LENGTH) {
        toast.error(t("download.tooMany"));
        return;
      }
      triggerDownload(url);
      toast.info(t("download.zipping", { count: targets.count }));
    },
    [toast, t, fail],
  );

  /**
   * A change that answers with the node, announced by its (new) name. Its dialog shows a failure under the field
   * (a taken name), so no toast repeats it.
   */
  const nodeChange = <Vars,>(mutationFn: (vars: Vars) => Promise<NodeView>, done: MessageKey) => ({
    mutationFn,
    onSuccess: (node: NodeView) => {
      toast.success(t(done, { name: node.name }));
      refresh();
    },
  });
  const create = useMutation(nodeChange(({ parentId, name }: { parentId: number; name: string }) => createFolder(parentId, name), "newFolder.done"));
  const rename = useMutation(nodeChange(({ id, name }: { id: number; name: string }) => renameNode(id, name), "rename.done"));

  // Batches refresh even after a failure: the chunks before it went through.
  const trash = useMutation({
    mutationFn: (targets: NodeTargets) => runOnTargets(targets, trashNodes),
    onSuccess: (count) => toast.success(t("delete.done", { count })),
    onError: fail,
    onSettled: refresh,
  });

  const transfer = useMutation({
    mutationFn: ({ mode, targets, target }: { mode: "move" | "copy"; targets: NodeTargets; target: { id: number; name: string } }) =>
      runOnTargets(targets, (ids) => (mode === "move" ? moveNodes(ids, target.id) : copyNodes(ids, target.id))),
    onSuccess: (count, { mode, target }) => toast.success(t(mode === "move" ? "picker.moved" : "picker.copied", { count, folder: target.name })),
    // The folder picker shows the failure itself.
    onSettled: refresh,
  });

  return { open, download, create, rename, trash, transfer, progress };
}
