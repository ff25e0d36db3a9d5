"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/components/ui/toast-provider";
import { errorMessage } from "@/lib/client/api";
import { emptyTrash, listTrash, restoreFromTrash } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

/** The trash listing and its two actions, with toasts and cache refresh. */
export function useTrash() {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const trash = useQuery({ queryKey: queryKeys.trash, queryFn: listTrash });

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.trash });
    void queryClient.invalidateQueries({ queryKey: queryKeys.allChildren });
    void queryClient.invalidateQueries({ queryKey: queryKeys.allFolders });
    void queryClient.invalidateQueries({ queryKey: queryKeys.allNodes });
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };
  const fail = (error: unknown) => toast.error(errorMessage(error, t("common.unknownError")));

  const restore = useMutation({
    mutationFn: (ids: number[]) => restoreFromTrash(ids),
    onSuccess: (result) => {
      toast.success(t("trash.restored", { count: result.items.length }));
      refresh();
    },
    onError: fail,
  });

  const empty = useMutation({
    mutationFn: emptyTrash,
    onSuccess: () => {
      toast.success(t("trash.emptied"));
      refresh();
    },
    onError: fail,
  });

  return { trash, items: trash.data?.items ?? [], restore, empty };
}
