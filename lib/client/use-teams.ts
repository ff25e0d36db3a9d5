"use client";

import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "@/lib/client/query-keys";
import { listTeams, type Team } from "@/lib/client/team-api";

/** The signed-in user's teams (sidebar, breadcrumbs, trash), and whether it may create one. */
export function useTeams() {
  return useQuery({ queryKey: queryKeys.teams, queryFn: () => listTeams(), staleTime: 30_000 });
}

/** The team a space is, if it is one of the user's teams. */
export function useTeamOfSpace(spaceId: number | null | undefined): Team | null {
  const teams = useTeams();
  if (spaceId === null || spaceId === undefined) return null;
  return teams.data?.teams.find((team) => team.id === spaceId) ?? null;
}
