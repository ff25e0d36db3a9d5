"use client";

import { useQuery } from "@tanstack/react-query";
import { getMe } from "@/lib/client/account-api";
import { queryKeys } from "@/lib/client/query-keys";

/** The signed-in user with their space usage (quota bar, root folder id). */
export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: getMe, staleTime: 30_000 });
}
