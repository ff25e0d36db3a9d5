"use client";

import Link from "next/link";
import { NodeIcon } from "@/components/drive/node-icon";
import { cn } from "@/components/ui/cn";
import type { SearchHitView } from "@/lib/client/search-api";
import type { SnippetPart } from "@/lib/domain/search-text";
import { formatBytes, formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";

/**
 * Where a result opens: its folder with it selected (`?select=`). A share's own root has no folder the user may open
 * above it: a shared folder opens itself, a shared file the "Shared with me" page.
 */
export function hitHref(hit: SearchHitView, homeId: number | undefined): string {
  const { node } = hit;
  if (hit.shared && hit.crumbs.length === 0) return node.isFolder ? `/files/${node.id}` : "/shared/with-me";
  const parent = node.parentId === homeId || node.parentId === null ? "/files" : `/files/${node.parentId}`;
  return `${parent}?select=${node.id}`;
}

/** The result's place as the user sees it: "My files / Docs / 2024", a team's name, or "Shared with me / …". */
export function useHitPath(): (hit: SearchHitView) => string {
  const t = useT();
  return (hit) => {
    const start = hit.shared ? t("nav.sharedWithMe") : hit.space.kind === "team" ? hit.space.name : t("nav.myFiles");
    return [start, ...hit.crumbs.map((c) => c.name)].join(" / ");
  };
}

/** A snippet with its hits marked. Every part is React text, so the file's content is escaped; only <mark> is ours. */
export function Snippet({ parts, className }: { parts: SnippetPart[]; className?: string }) {
  return (
    <p className={cn("line-clamp-2 text-xs text-zinc-600 dark:text-zinc-400", className)} data-testid="search-snippet">
      {parts.map((part, i) =>
        part.hit ? (
          <mark key={i} className="rounded-sm bg-amber-200 px-0.5 text-zinc-900 dark:bg-amber-500/40 dark:text-amber-50">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

/** One result: icon, name, path (and size and date when `detailed`), snippet. A link to its folder. */
export function SearchResultRow({ hit, homeId, detailed = false, onOpen }: { hit: SearchHitView; homeId: number | undefined; detailed?: boolean; onOpen?: () => void }) {
  const t = useT();
  const locale = useLocale();
  const pathOf = useHitPath();
  const path = pathOf(hit);
  return (
    <Link
      href={hitHref(hit, homeId)}
      onClick={onOpen}
      data-testid="search-result"
      className="flex min-w-0 items-start gap-3 rounded-lg px-3 py-2 hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-none dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800"
    >
      <NodeIcon node={hit.node} className="mt-0.5" />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-zinc-900 dark:text-zinc-100" data-testid="search-result-name">
          {hit.node.name}
        </span>
        <span className="block truncate text-xs text-zinc-500 dark:text-zinc-400" title={path} data-testid="search-result-path">
          {t("search.inside", { path })}
          {detailed && !hit.node.isFolder && ` · ${formatBytes(hit.node.size, locale)}`}
          {detailed && ` · ${formatShortDateTime(hit.node.mtime, locale)}`}
        </span>
        {hit.snippet && <Snippet parts={hit.snippet} className="mt-1" />}
      </span>
    </Link>
  );
}
