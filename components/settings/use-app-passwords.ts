"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useFeedback } from "@/components/ui/use-feedback";
import { createAppPassword, listAppPasswords, revokeAppPassword, type AppPasswordView, type NewAppPassword } from "@/lib/client/app-passwords-api";
import { queryKeys } from "@/lib/client/query-keys";

/** The signed-in user's app passwords, with create (the caller shows the secret) and revoke (toast + refresh). */
export function useAppPasswords() {
  const { t, toast, fail, invalidate } = useFeedback();
  const list = useQuery({ queryKey: queryKeys.appPasswords, queryFn: listAppPasswords });
  const refresh = () => invalidate(queryKeys.appPasswords);

  const create = useMutation({
    mutationFn: (input: NewAppPassword) => createAppPassword(input),
    onSuccess: refresh,
  });

  const revoke = useMutation({
    mutationFn: (item: AppPasswordView) => revokeAppPassword(item.id),
    onSuccess: (_, item) => {
      toast.success(t("appPasswords.revoked", { name: item.name }));
      refresh();
    },
    onError: fail,
  });

  return { list, items: list.data?.items ?? [], create, revoke };
}
