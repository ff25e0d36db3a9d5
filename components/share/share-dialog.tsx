"use client";

import { useState } from "react";
import { Link2, Users } from "lucide-react";
import { GrantsTab } from "@/components/share/grants-tab";
import { LinksTab } from "@/components/share/links-tab";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { useT } from "@/lib/i18n/provider";

export type ShareTarget = { id: number; name: string; isFolder: boolean };
type Tab = "links" | "people";

/** Share one file or folder: public links (tab 1) and people on this server (tab 2). */
export function ShareDialog({ node, onClose }: { node: ShareTarget; onClose: () => void }) {
  const t = useT();
  const [tab, setTab] = useState<Tab>("links");
  const tabs: Array<{ id: Tab; label: string; icon: typeof Link2 }> = [
    { id: "links", label: t("share.tab.links"), icon: Link2 },
    { id: "people", label: t("share.tab.people"), icon: Users },
  ];
  return (
    <Dialog open onClose={onClose} size="lg" title={t("share.title", { name: node.name })} testId="share-dialog">
      <div role="tablist" aria-label={t("share.tabs")} className="mb-4 flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800/70">
        {tabs.map(({ id, label, icon: Icon }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className={cn(
              "flex flex-1 items-center justify-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium",
              tab === id ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-900 dark:text-zinc-100" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
            data-testid={`share-tab-${id}`}
          >
            <Icon className="size-4" aria-hidden />
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="pb-3">
        {tab === "links" ? <LinksTab node={node} /> : <GrantsTab node={node} />}
      </div>
    </Dialog>
  );
}
