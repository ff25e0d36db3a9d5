"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
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
const ReportContext = createContext<(start: number, end: number) => void>(() => {});

/** Rows per marks request; chunks of the loaded rows (not listing pages), so the page size does not matter. */
const CHUNK = 200;

type ChunkRange = { first: number; last: number };

/**
 * Star, tags and "shared" for the rows in view: one request per chunk of CHUNK rows (the server answers one in a few
 * queries), so rows never ask one by one. A virtual list reports its window (useReportVisibleRows) and only the
 * chunks under it are fetched and merged, so a 100,000-row folder costs what one screen does; without a report
 * (a short flat list) every row is covered.
 */
export function NodeMarksProvider({ items, children }: { items: readonly NodeView[]; children: ReactNode }) {
  const [range, setRange] = useState<ChunkRange | null>(null);
  const chunks = Math.ceil(items.length / CHUNK);
  const first = range ? Math.min(range.first, Math.max(0, chunks - 1)) : 0;
  const last = range ? Math.min(range.last, chunks - 1) : chunks - 1;
  const ids: number[][] = [];
  for (let c = first; c <= last; c++) ids.push(items.slice(c * CHUNK, (c + 1) * CHUNK).map((node) => node.id));
  const results = useQueries({
    queries: ids.map((chunk) => ({ queryKey: queryKeys.marks(chunk), queryFn: () => nodeMarks(chunk), enabled: chunk.length > 0, staleTime: 30_000 })),
  });
  const stamp = results.map((r) => r.dataUpdatedAt).join(",") + `|${first}-${last}`;
  const marks = useMemo(() => {
    const all = new Map<number, NodeMarksView>();
    for (const r of results) for (const [id, m] of Object.entries(r.data?.marks ?? {})) all.set(Number(id), m);
    return all;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `stamp` changes exactly when the chunks or their marks do
  }, [stamp]);
  const report = useCallback((start: number, end: number) => {
    const next = { first: Math.floor(start / CHUNK), last: Math.floor(Math.max(start, end - 1) / CHUNK) };
    setRange((was) => (was && was.first === next.first && was.last === next.last ? was : next));
  }, []);
  return (
    <ReportContext.Provider value={report}>
      <MarksContext.Provider value={marks}>{children}</MarksContext.Provider>
    </ReportContext.Provider>
  );
}

/** A virtual list tells the marks provider which rows (indexes into its items, end exclusive) it renders. */
export function useReportVisibleRows(start: number, end: number): void {
  const report = useContext(ReportContext);
  useEffect(() => report(start, end), [report, start, end]);
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
