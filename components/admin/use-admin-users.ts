"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useFeedback } from "@/components/ui/use-feedback";
import type { UserView } from "@/lib/client/api-types";
import { createUser, deleteUser, pageUsers, updateUser, type NewUser, type UserChanges, type UserRemoval } from "@/lib/client/admin-api";
import { queryKeys } from "@/lib/client/query-keys";
import type { MessageKey } from "@/lib/i18n/translate";

export const USERS_PAGE = 25;

/** A page of the users list (searched on the server) plus create/update/delete, each followed by a toast and a refresh. */
export function useAdminUsers(q = "", offset = 0) {
  const { t, toast, fail, invalidate } = useFeedback();
  const users = useQuery({ queryKey: [...queryKeys.users, q, offset], queryFn: () => pageUsers(q, offset, USERS_PAGE), placeholderData: (previous) => previous });
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

  const remove = useMutation({
    mutationFn: ({ user, how }: { user: UserView; how: UserRemoval }) => deleteUser(user.id, how),
    onSuccess: (_, { user }) => {
      toast.success(t("dash.userDeleted", { name: user.username }));
      refresh();
    },
    onError: fail,
  });

  return { users, items: users.data?.items ?? [], total: users.data?.total ?? 0, create, update, remove };
}
