"use client";

import { useCallback, useEffect, useState } from "react";
import type { SortField, SortOrder } from "@/lib/client/api-types";

export type ViewMode = "list" | "grid";
export type ViewPreferences = { sort: SortField; order: SortOrder; view: ViewMode };

const STORAGE_KEY = "haven-view";
const DEFAULTS: ViewPreferences = { sort: "name", order: "asc", view: "list" };

function read(): ViewPreferences {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") as Partial<ViewPreferences>;
    return {
      sort: stored.sort === "size" || stored.sort === "mtime" ? stored.sort : "name",
      order: stored.order === "desc" ? "desc" : "asc",
      view: stored.view === "grid" ? "grid" : "list",
    };
  } catch {
    return DEFAULTS;
  }
}

/** Sort and list/grid choice, remembered in this browser. */
export function useViewPreferences() {
  const [prefs, setPrefs] = useState<ViewPreferences>(DEFAULTS);
  // localStorage is read after hydration; until then nothing is fetched, so the list isn't loaded twice.
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    setPrefs(read());
    setLoaded(true);
  }, []);

  const update = useCallback((changes: Partial<ViewPreferences>) => {
    setPrefs((current) => {
      const next = { ...current, ...changes };
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  /** Clicking the active column flips the order; another column starts A→Z for names, biggest/newest first otherwise. */
  const sortBy = useCallback(
    (field: SortField) =>
      setPrefs((current) => {
        const order: SortOrder = current.sort === field ? (current.order === "asc" ? "desc" : "asc") : field === "name" ? "asc" : "desc";
        const next = { ...current, sort: field, order };
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
        return next;
      }),
    [],
  );

  return { prefs, loaded, update, sortBy };
}
