"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/components/ui/toast-provider";
import { errorMessage } from "@/lib/client/api";
import type { UserView } from "@/lib/client/api-types";
import { createUser, listUsers, updateUser, type NewUser, type UserChanges } from "@/lib/client/admin-api";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";

/** Users list plus create/update, each followed by a toast and a refresh of the list. */
export function useAdminUsers() {
  const t = useT();
  const toast = useToast();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };
  const fail = (error: unknown) => toast.error(errorMessage(error, t("common.unknownError")));

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
