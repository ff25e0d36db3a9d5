"use client";

import { useCallback } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useToast } from "@/components/ui/toast-provider";
import { errorMessage } from "@/lib/client/api";
import { useT } from "@/lib/i18n/provider";

/** What every mutation hook needs: the translator, toasts, an error toast, and a refresh of cached queries. */
export function useFeedback() {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const fail = useCallback((error: unknown) => toast.error(errorMessage(error, t("common.unknownError"))), [toast, t]);
  const invalidate = useCallback(
    (...keys: QueryKey[]) => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    },
    [queryClient],
  );
  return { t, toast, fail, invalidate };
}
