"use client";

import { useQuery } from "@tanstack/react-query";
import type { Crumb, NodeView } from "@/lib/client/api-types";
import { getNode } from "@/lib/client/drive-api";
import { queryKeys } from "@/lib/client/query-keys";
import { sharedWithMe, type SharedWithMeItem } from "@/lib/client/share-api";
import { useMe } from "@/lib/client/use-me";
import { useTeams } from "@/lib/client/use-teams";

/** A folder of someone else's space that the user reached through a share: who owns it and what it allows. */
export type SharedPlace = { owner: SharedWithMeItem["owner"] | null; canEdit: boolean };

/**
 * Whether the open folder lives outside the user's own space (so it was opened from "Shared with me"), and then
 * the share that leads to it: the first of its crumbs that is shared with the user.
 */
export function useSharedPlace(folder: { node: NodeView; crumbs: Crumb[] } | undefined): SharedPlace | null {
  const me = useMe();
  const teams = useTeams();
  const foreign = !!folder && !!me.data && folder.node.spaceId !== me.data.space.spaceId && !isTeamSpace(teams.data?.teams, folder.node.spaceId);
  const shares = useQuery({ queryKey: queryKeys.sharedWithMe, queryFn: sharedWithMe, enabled: foreign });
  if (!foreign || !folder) return null;
  const items = shares.data?.items ?? [];
  const share = folder.crumbs.map((crumb) => items.find((item) => item.node.id === crumb.id)).find((item) => item !== undefined);
  return { owner: share?.owner ?? null, canEdit: folder.node.permissions.write };
}

/** The same question for the sidebar, from the folder id in the URL (served from the folder view's cache). */
export function useFolderIsShared(folderId: number | null): boolean {
  const spaceId = useFolderSpaceId(folderId);
  const me = useMe();
  const teams = useTeams();
  return spaceId !== null && !!me.data && spaceId !== me.data.space.spaceId && !isTeamSpace(teams.data?.teams, spaceId);
}

/** The space of the folder in the URL (served from the folder view's cache), or null. */
export function useFolderSpaceId(folderId: number | null): number | null {
  const folder = useQuery({ queryKey: queryKeys.node(folderId ?? 0), queryFn: () => getNode(folderId!), enabled: folderId !== null });
  return folderId !== null && folder.data ? folder.data.node.spaceId : null;
}

/** A team space of the user is its own place, not something shared with it. */
function isTeamSpace(teams: { id: number }[] | undefined, spaceId: number): boolean {
  return !!teams?.some((team) => team.id === spaceId);
}
