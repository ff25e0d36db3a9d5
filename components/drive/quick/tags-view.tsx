"use client";

import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { Pencil, Plus, Tag, Trash2 } from "lucide-react";
import { QuickNodeList } from "@/components/drive/quick/quick-node-list";
import { TitledPage } from "@/components/shell/titled-page";
import { TagChip } from "@/components/drive/quick/tag-chip";
import { TagForm } from "@/components/drive/quick/tag-form";
import { useTags } from "@/components/drive/quick/use-tags";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { IconButton } from "@/components/ui/icon-button";
import { listTagged } from "@/lib/client/quick-api";
import type { TagView } from "@/lib/client/quick-types";
import { queryKeys } from "@/lib/client/query-keys";
import { useT } from "@/lib/i18n/provider";

/** /tags: the user's tags (create, rename, recolour, delete) and the items carrying every chosen one. */
export function TagsView() {
  const t = useT();
  const params = useSearchParams();
  const { tags, create, update, remove } = useTags();
  const [chosen, setChosen] = useState<number[]>(() => (params.get("tags") ?? "").split(",").filter(Boolean).map(Number));
  const [editing, setEditing] = useState<TagView | "new" | null>(null);
  const live = chosen.filter((id) => tags.data?.some((tag) => tag.id === id));
  const items = useQuery({ queryKey: queryKeys.tagged(live), queryFn: () => listTagged(live), select: (data) => data.items, enabled: live.length > 0 });
  const toggle = (id: number) => setChosen(live.includes(id) ? live.filter((x) => x !== id) : [...live, id]);

  return (
    <TitledPage
      title="quick.tagsTitle"
      actions={
        <Button size="sm" icon={<Plus className="size-4" aria-hidden />} onClick={() => setEditing("new")} data-testid="new-tag">
          {t("quick.newTag")}
        </Button>
      }
    >
      <div className="space-y-3 border-b border-zinc-200 px-4 py-4 sm:px-6 dark:border-zinc-800">
        {editing && (
          <div className="max-w-sm">
            <TagForm
              key={editing === "new" ? "new" : editing.id}
              initial={editing === "new" ? undefined : editing}
              submitLabel={editing === "new" ? t("quick.createTag") : t("common.save")}
              onCancel={() => setEditing(null)}
              onSubmit={async (tag) => {
                if (editing === "new") await create.mutateAsync(tag);
                else await update.mutateAsync({ id: editing.id, ...tag });
                setEditing(null);
              }}
            />
          </div>
        )}
        {tags.data?.length === 0 && !editing && <EmptyState icon={<Tag className="size-7" aria-hidden />} title={t("quick.tagsEmpty")} hint={t("quick.tagsEmptyHint")} />}
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{tags.data?.length ? t("quick.tagsFilterHint") : null}</p>
        <ul className="flex flex-wrap gap-2" data-testid="tag-list">
          {tags.data?.map((tag) => (
            <li key={tag.id} className="flex items-center gap-0.5">
              <button type="button" aria-pressed={live.includes(tag.id)} onClick={() => toggle(tag.id)} data-testid="tag-filter" data-tag={tag.name}>
                <TagChip name={`${tag.name} · ${tag.count ?? 0}`} color={tag.color} className={cn("max-w-48 px-2.5 py-1", live.includes(tag.id) && "ring-2 ring-brand-500")} />
              </button>
              <IconButton size="sm" label={t("quick.editTag", { name: tag.name })} onClick={() => setEditing(tag)} data-testid="edit-tag">
                <Pencil className="size-3.5" aria-hidden />
              </IconButton>
              <IconButton size="sm" label={t("quick.deleteTag", { name: tag.name })} onClick={() => remove.mutate(tag.id)} data-testid="delete-tag">
                <Trash2 className="size-3.5" aria-hidden />
              </IconButton>
            </li>
          ))}
        </ul>
      </div>
      {live.length > 0 ? (
        <QuickNodeList query={items} testId="tagged-list" empty={{ icon: <Tag className="size-7" aria-hidden />, title: t("quick.taggedEmpty") }} />
      ) : (
        tags.data && tags.data.length > 0 && <p className="px-4 py-6 text-sm text-zinc-500 sm:px-6 dark:text-zinc-400">{t("quick.chooseTag")}</p>
      )}
    </TitledPage>
  );
}
