"use client";

import { useCallback } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/components/ui/toast-provider";
import { errorMessage } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";
import { contentUrl, copyNodes, createFolder, moveNodes, renameNode, trashNodes, zipUrl } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

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

/** Everything a user can do to nodes, with toasts and cache invalidation after each change. */
export function useNodeActions(rootId: number | undefined) {
  const t = useT();
  const toast = useToast();
  const router = useRouter();
  const queryClient = useQueryClient();

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.allChildren });
    void queryClient.invalidateQueries({ queryKey: queryKeys.allFolders });
    void queryClient.invalidateQueries({ queryKey: queryKeys.allNodes });
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    void queryClient.invalidateQueries({ queryKey: queryKeys.trash });
  }, [queryClient]);
  const fail = (error: unknown) => toast.error(errorMessage(error, t("common.unknownError")));

  const open = useCallback(
    (node: NodeView) => {
      if (node.isFolder) router.push(folderHref(node.id, rootId));
      else window.open(contentUrl(node.id), "_blank", "noopener");
    },
    [router, rootId],
  );

  const download = useCallback(
    (nodes: NodeView[]) => {
      if (nodes.length === 0) return;
      if (nodes.length === 1 && !nodes[0].isFolder) {
        triggerDownload(contentUrl(nodes[0].id, { download: true }));
        toast.info(t("download.started"));
      } else {
        triggerDownload(zipUrl(nodes.map((node) => node.id)));
        toast.info(t("download.zipping", { count: nodes.length }));
      }
    },
    [toast, t],
  );

  const create = useMutation({
    mutationFn: ({ parentId, name }: { parentId: number; name: string }) => createFolder(parentId, name),
    onSuccess: (node) => {
      toast.success(t("newFolder.done", { name: node.name }));
      refresh();
    },
    onError: fail,
  });

  const rename = useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) => renameNode(id, name),
    onSuccess: (node) => {
      toast.success(t("rename.done", { name: node.name }));
      refresh();
    },
    onError: fail,
  });

  const trash = useMutation({
    mutationFn: (ids: number[]) => trashNodes(ids),
    onSuccess: (_, ids) => {
      toast.success(t("delete.done", { count: ids.length }));
      refresh();
    },
    onError: fail,
  });

  const transfer = useMutation({
    mutationFn: ({ mode, ids, target }: { mode: "move" | "copy"; ids: number[]; target: { id: number; name: string } }) =>
      mode === "move" ? moveNodes(ids, target.id) : copyNodes(ids, target.id),
    onSuccess: (_, { mode, ids, target }) => {
      toast.success(t(mode === "move" ? "picker.moved" : "picker.copied", { count: ids.length, folder: target.name }));
      refresh();
    },
    onError: fail,
  });

  return { open, download, create, rename, trash, transfer };
}
