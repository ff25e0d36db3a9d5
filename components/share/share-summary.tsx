"use client";

import { useQuery } from "@tanstack/react-query";
import { Share2 } from "lucide-react";
import { LinkStats } from "@/components/share/link-stats";
import { Button } from "@/components/ui/button";
import { queryKeys } from "@/lib/client/query-keys";
import { listGrants, listLinks } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";

/** The details panel's "Sharing" section: how many links and people, each link's use, and a button to manage them. */
export function ShareSummary({ node, onOpen }: { node: { id: number }; onOpen: () => void }) {
  const t = useT();
  const links = useQuery({ queryKey: queryKeys.links(node.id), queryFn: () => listLinks(node.id) });
  const grants = useQuery({ queryKey: queryKeys.grants(node.id), queryFn: () => listGrants(node.id) });
  const linkCount = links.data?.links.length ?? 0;
  const grantCount = grants.data?.grants.length ?? 0;
  return (
    <section className="space-y-2" data-testid="details-sharing">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("share.section")}</h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {linkCount === 0 && grantCount === 0 ? t("share.notShared") : t("share.summary", { links: linkCount, people: grantCount })}
      </p>
      {links.data?.links.map((link) => (
        <div key={link.id} className="rounded-lg bg-zinc-50 px-3 py-2 dark:bg-zinc-900">
          <p className="mb-1 truncate font-mono text-xs">{link.url}</p>
          <LinkStats link={link} />
        </div>
      ))}
      <Button size="sm" onClick={onOpen} icon={<Share2 className="size-4" aria-hidden />} data-testid="details-share">
        {t("share.manage")}
      </Button>
    </section>
  );
}
