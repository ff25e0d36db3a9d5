"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useFeedback } from "@/components/ui/use-feedback";
import { deleteFromTrash, emptyTrash, listTrash, restoreFromTrash } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";

/**
 * The trash listing (of the personal space, or of a team's `spaceId`) and its actions (restore where they were or into
 * a chosen folder, delete some for good, empty), with toasts and cache refresh.
 */
export function useTrash(spaceId?: number) {
  const { t, toast, fail, invalidate } = useFeedback();
  const trash = useQuery({ queryKey: spaceId ? queryKeys.teamTrash(spaceId) : queryKeys.trash, queryFn: () => listTrash(spaceId) });
  const refresh = () => invalidate(queryKeys.trash, queryKeys.allChildren, queryKeys.allFolders, queryKeys.allNodes, queryKeys.me);

  const restore = useMutation({
    mutationFn: ({ ids, targetId }: { ids: number[]; targetId?: number }) => restoreFromTrash(ids, targetId),
    onSuccess: (result) => {
      toast.success(t("trash.restored", { count: result.items.length }));
      refresh();
    },
    onError: fail,
  });

  const empty = useMutation({
    mutationFn: () => emptyTrash(spaceId),
    onSuccess: () => {
      toast.success(t("trash.emptied"));
      refresh();
    },
    onError: fail,
  });

  const remove = useMutation({
    mutationFn: (ids: number[]) => deleteFromTrash(ids),
    onSuccess: (result) => {
      toast.success(t("trash.deleted", { count: result.purged }));
      refresh();
    },
    onError: fail,
  });

  return { trash, items: trash.data?.items ?? [], restore, remove, empty };
}
