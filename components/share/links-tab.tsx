"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link2, Plus } from "lucide-react";
import { LinkCard } from "@/components/share/link-card";
import { LinkForm } from "@/components/share/link-form";
import { useShareMutations } from "@/components/share/use-share-mutations";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/client/api";
import { queryKeys } from "@/lib/client/query-keys";
import { listLinks, type ShareLink } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";

type Editing = { kind: "new" } | { kind: "edit"; link: ShareLink } | null;

/** The public links of one node: list, create, edit, revoke. */
export function LinksTab({ node }: { node: { id: number; name: string; isFolder: boolean } }) {
  const t = useT();
  const links = useQuery({ queryKey: queryKeys.links(node.id), queryFn: () => listLinks(node.id) });
  const { saveLink, removeLink } = useShareMutations();
  const [editing, setEditing] = useState<Editing>(null);
  const items = links.data?.links ?? [];

  if (links.isPending) return <Spinner label={t("common.loading")} />;
  if (links.isError) return <p className="text-sm text-red-600 dark:text-red-400">{errorMessage(links.error, t("common.unknownError"))}</p>;

  return (
    <div className="space-y-3">
      {items.length === 0 && !editing && (
        <div className="flex flex-col items-center gap-2 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
          <Link2 className="size-6" aria-hidden />
          {t("share.noLinks")}
        </div>
      )}
      <ul className="space-y-3" data-testid="link-list">
        {items.map((link) =>
          editing?.kind === "edit" && editing.link.id === link.id ? (
            <li key={link.id}>
              <LinkForm
                isFolder={node.isFolder}
                link={link}
                onCancel={() => setEditing(null)}
                onSubmit={async (input) => {
                  await saveLink.mutateAsync({ id: link.id, nodeId: node.id, input });
                  setEditing(null);
                }}
              />
            </li>
          ) : (
            <LinkCard key={link.id} link={link} onEdit={() => setEditing({ kind: "edit", link })} onRevoke={() => removeLink.mutate(link.id)} revoking={removeLink.isPending && removeLink.variables === link.id} />
          ),
        )}
      </ul>
      {editing?.kind === "new" ? (
        <LinkForm
          isFolder={node.isFolder}
          onCancel={() => setEditing(null)}
          onSubmit={async (input) => {
            await saveLink.mutateAsync({ nodeId: node.id, input });
            setEditing(null);
          }}
        />
      ) : (
        !editing && (
          <Button variant={items.length === 0 ? "primary" : "secondary"} onClick={() => setEditing({ kind: "new" })} icon={<Plus className="size-4" aria-hidden />} data-testid="link-new">
            {t("share.newLink")}
          </Button>
        )
      )}
    </div>
  );
}
