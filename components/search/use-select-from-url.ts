"use client";

import { useEffect, useRef } from "react";
import { useSearchParams } from "next/navigation";

/**
 * Selects (and so scrolls to) the row a search result pointed at (`/files/<folder>?select=<id>`), once it is loaded.
 * Runs once per id: the user's own clicks win afterwards.
 */
export function useSelectFromUrl(items: { id: number }[], select: (id: number) => void): void {
  const params = useSearchParams();
  const wanted = Number(params.get("select"));
  const done = useRef<number | null>(null);
  useEffect(() => {
    if (!Number.isSafeInteger(wanted) || wanted <= 0 || done.current === wanted) return;
    if (!items.some((item) => item.id === wanted)) return;
    done.current = wanted;
    select(wanted);
  }, [items, wanted, select]);
}
