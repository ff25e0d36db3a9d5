"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useFeedback } from "@/components/ui/use-feedback";
import type { UserView } from "@/lib/client/api-types";
import { createUser, listUsers, updateUser, type NewUser, type UserChanges } from "@/lib/client/admin-api";
import { queryKeys } from "@/lib/client/query-keys";
import type { MessageKey } from "@/lib/i18n/translate";

/** Users list plus create/update, each followed by a toast and a refresh of the list. */
export function useAdminUsers() {
  const { t, toast, fail, invalidate } = useFeedback();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  const refresh = () => invalidate(queryKeys.users, queryKeys.me);

  const create = useMutation({
    mutationFn: (input: NewUser) => createUser(input),
    onSuccess: (user) => {
      toast.success(t("admin.created", { name: user.username }));
      refresh();
    },
    onError: fail,
  });

  const update = useMutation({
    mutationFn: ({ user, changes }: { user: UserView; changes: UserChanges; done: MessageKey }) => updateUser(user.id, changes),
    onSuccess: (user, { done }) => {
      toast.success(t(done, { name: user.username }));
      refresh();
    },
    onError: fail,
  });

  return { users, items: users.data?.items ?? [], create, update };
}
