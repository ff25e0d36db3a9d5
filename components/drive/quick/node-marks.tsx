"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useQueries } from "@tanstack/react-query";
import { Star, Users } from "lucide-react";
import { TagChip } from "@/components/drive/quick/tag-chip";
import { cn } from "@/components/ui/cn";
import type { NodeView } from "@/lib/client/api-types";
import { nodeMarks } from "@/lib/client/quick-api";
import type { NodeMarksView } from "@/lib/client/quick-types";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

const MarksContext = createContext<ReadonlyMap<number, NodeMarksView>>(new Map());

/**
 * Star, tags and "shared" for every loaded row: one request per listing page (the server answers a page in a few
 * queries), so rows never ask one by one.
 */
export function NodeMarksProvider({ pages, children }: { pages: { items: NodeView[] }[] | undefined; children: ReactNode }) {
  const results = useQueries({
    queries: (pages ?? []).map((page) => {
      const ids = page.items.map((node) => node.id);
      return { queryKey: queryKeys.marks(ids), queryFn: () => nodeMarks(ids), enabled: ids.length > 0, staleTime: 30_000 };
    }),
  });
  const stamp = results.map((r) => r.dataUpdatedAt).join(",");
  const marks = useMemo(() => {
    const all = new Map<number, NodeMarksView>();
    for (const r of results) for (const [id, m] of Object.entries(r.data?.marks ?? {})) all.set(Number(id), m);
    return all;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `stamp` changes exactly when any page's marks do
  }, [stamp]);
  return <MarksContext.Provider value={marks}>{children}</MarksContext.Provider>;
}

/** A row's marks, when its listing provides them. */
export function useNodeMark(nodeId: number): NodeMarksView | undefined {
  return useContext(MarksContext).get(nodeId);
}

/** The small marks beside a row's name: star, "shared" and up to two tags. */
export function RowMarks({ nodeId, className }: { nodeId: number; className?: string }) {
  const t = useT();
  const mark = useNodeMark(nodeId);
  if (!mark || (!mark.favorite && !mark.shared && mark.tags.length === 0)) return null;
  const extra = mark.tags.length - 2;
  return (
    <span className={cn("flex shrink-0 items-center gap-1.5", className)} data-testid="row-marks">
      {/* Phones keep the row's width for the name: tags show from the sm breakpoint. */}
      <span className="hidden items-center gap-1.5 sm:flex">
        {mark.tags.slice(0, 2).map((tag) => (
          <TagChip key={tag.id} name={tag.name} color={tag.color} />
        ))}
        {extra > 0 && <span className="text-xs text-zinc-500">+{extra}</span>}
      </span>
      {mark.shared && (
        <span title={t("quick.sharedMark")} data-testid="mark-shared">
          <Users className="size-3.5 text-zinc-500 dark:text-zinc-400" aria-label={t("quick.sharedMark")} />
        </span>
      )}
      {mark.favorite && (
        <span title={t("quick.favorite")} data-testid="mark-favorite">
          <Star className="size-3.5 fill-amber-400 text-amber-500" aria-label={t("quick.favorite")} />
        </span>
      )}
    </span>
  );
}
