"use client";

import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useShell } from "@/components/shell/shell-context";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import type { ActivityPageView, ActivityView } from "@/lib/client/quick-types";
import { formatShortDateTime } from "@/lib/i18n/format";
import { useLocale, useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";

const SENTENCES: Record<string, MessageKey> = {
  "node.created": "quick.act.created",
  "node.edited": "quick.act.edited",
  "node.renamed": "quick.act.renamed",
  "node.moved": "quick.act.moved",
  "node.copied": "quick.act.copied",
  "node.deleted": "quick.act.deleted",
  "node.restored": "quick.act.restored",
  "node.version-restored": "quick.act.versionRestored",
  "share.grant.created": "quick.act.shared",
  "share.link.created": "quick.act.linked",
};

/**
 * An activity stream, newest first, paged with "Show more": one item's (details panel) or the user's (Activity page,
 * `linkNodes`: each item's name opens its folder).
 */
export function ActivityList({ queryKey, fetchPage, linkNodes = false, testId }: { queryKey: readonly unknown[]; fetchPage: (before: number | null) => Promise<ActivityPageView>; linkNodes?: boolean; testId: string }) {
  const t = useT();
  const pages = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];
  if (pages.isPending) return <Spinner label={t("common.loading")} />;
  if (pages.isError) return <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(pages.error, t("common.unknownError"))}</p>;
  return (
    <div className="space-y-2">
      {items.length === 0 && <p className="text-sm text-zinc-500 dark:text-zinc-400">{t("quick.noActivity")}</p>}
      <ol className="space-y-2" data-testid={testId}>
        {items.map((item) => (
          <ActivityRow key={item.id} item={item} linkNodes={linkNodes} />
        ))}
      </ol>
      {pages.hasNextPage && (
        <Button size="sm" variant="ghost" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {pages.isFetchingNextPage ? t("common.loadingMore") : t("quick.showMore")}
        </Button>
      )}
    </div>
  );
}

function ActivityRow({ item, linkNodes }: { item: ActivityView; linkNodes: boolean }) {
  const t = useT();
  const locale = useLocale();
  const { user } = useShell();
  const actor = item.actorId === null ? t("quick.linkVisitor") : item.actorId === user.id ? t("quick.you") : (item.actorName ?? "?");
  const from = typeof item.details?.from === "string" ? item.details.from : "";
  const sentence = t(SENTENCES[item.action] ?? "quick.act.changed", { actor, name: item.node.name, from });
  const target = item.node.isFolder && !item.node.trashed ? item.node.id : item.node.parentId;
  return (
    <li className="text-sm" data-testid="activity-item" data-action={item.action}>
      {linkNodes && target !== null && !item.node.trashed ? (
        <Link href={`/files/${target}`} prefetch={false} className="hover:underline">
          {sentence}
        </Link>
      ) : (
        <span>{sentence}</span>
      )}
      <time dateTime={item.at} className="block text-xs text-zinc-500 dark:text-zinc-400">
        {formatShortDateTime(item.at, locale)}
      </time>
    </li>
  );
}
