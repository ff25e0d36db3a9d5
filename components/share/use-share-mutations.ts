"use client";

import { useMutation } from "@tanstack/react-query";
import { useFeedback } from "@/components/ui/use-feedback";
import { queryKeys } from "@/lib/client/query-keys";
import {
  createGrant,
  createTeamGrant,
  createLink,
  revokeGrant,
  revokeLink,
  updateGrant,
  updateLink,
  type GrantPermission,
  type LinkInput,
} from "@/lib/client/share-api";

/** Create, edit and revoke links and internal shares, with toasts and a refresh of every share list. */
export function useShareMutations() {
  const { t, toast, fail, invalidate } = useFeedback();
  const refresh = () => invalidate(queryKeys.allLinks, queryKeys.allGrants, queryKeys.sharedByMe, queryKeys.sharedWithMe);

  const saveLink = useMutation({
    mutationFn: ({ id, nodeId, input }: { id?: number; nodeId: number; input: LinkInput }) => (id === undefined ? createLink(nodeId, input) : updateLink(id, input)),
    onSuccess: (_link, { id }) => {
      toast.success(t(id === undefined ? "share.linkCreated" : "share.linkSaved"));
      refresh();
    },
  });
  const removeLink = useMutation({
    mutationFn: (id: number) => revokeLink(id),
    onSuccess: () => {
      toast.success(t("share.linkRevoked"));
      refresh();
    },
    onError: fail,
  });
  const addGrant = useMutation({
    mutationFn: ({ nodeId, userId, teamId, permission }: { nodeId: number; userId?: number; teamId?: number; permission: GrantPermission }) =>
      teamId !== undefined ? createTeamGrant(nodeId, teamId, permission) : createGrant(nodeId, userId!, permission),
    onSuccess: (grant) => {
      toast.success(t("share.grantCreated", { name: grant.recipient.displayName || grant.recipient.username }));
      refresh();
    },
    onError: fail,
  });
  const changeGrant = useMutation({
    mutationFn: ({ id, permission }: { id: number; permission: GrantPermission }) => updateGrant(id, permission),
    onSuccess: refresh,
    onError: fail,
  });
  const removeGrant = useMutation({
    mutationFn: (id: number) => revokeGrant(id),
    onSuccess: () => {
      toast.success(t("share.grantRevoked"));
      refresh();
    },
    onError: fail,
  });
  return { saveLink, removeLink, addGrant, changeGrant, removeGrant };
}
