"use client";

import { useMutation } from "@tanstack/react-query";
import { useFeedback } from "@/components/ui/use-feedback";
import { setFavorite } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";

/** Stars or unstars an item, then refreshes every place that shows stars. */
export function useFavoriteToggle() {
  const { t, toast, fail, invalidate } = useFeedback();
  return useMutation({
    mutationFn: ({ id, favorite }: { id: number; name: string; favorite: boolean }) => setFavorite(id, favorite),
    onSuccess: (_, { name, favorite }) => {
      toast.success(t(favorite ? "quick.starred" : "quick.unstarred", { name }));
      invalidate(queryKeys.allMarks, queryKeys.favorites);
    },
    onError: fail,
  });
}
