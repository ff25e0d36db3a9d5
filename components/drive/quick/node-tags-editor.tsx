"use client";

import { useState } from "react";
import { Plus, X } from "lucide-react";
import { useSingleMarks } from "@/components/drive/quick/star-button";
import { TagChip } from "@/components/drive/quick/tag-chip";
import { TagForm } from "@/components/drive/quick/tag-form";
import { useTags } from "@/components/drive/quick/use-tags";
import { Button } from "@/components/ui/button";
import { useT } from "@/lib/i18n/provider";

/** The details panel's tags: the item's own (each removable) and a picker of the user's others, or a new one. */
export function NodeTagsEditor({ nodeId }: { nodeId: number }) {
  const t = useT();
  const marks = useSingleMarks(nodeId);
  const { tags, create, setOnNode } = useTags();
  const [picking, setPicking] = useState(false);
  const on = marks.data?.tags ?? [];
  const onIds = new Set(on.map((tag) => tag.id));
  const others = (tags.data ?? []).filter((tag) => !onIds.has(tag.id));

  return (
    <section className="space-y-2" data-testid="details-tags">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("quick.tags")}</h3>
      <div className="flex flex-wrap items-center gap-1.5">
        {on.map((tag) => (
          <TagChip key={tag.id} name={tag.name} color={tag.color}>
            <button type="button" aria-label={t("quick.removeTag", { name: tag.name })} className="rounded-full hover:bg-black/10" onClick={() => setOnNode.mutate({ nodeId, tagId: tag.id, on: false })}>
              <X className="size-3" aria-hidden />
            </button>
          </TagChip>
        ))}
        <Button size="sm" variant="ghost" icon={<Plus className="size-4" aria-hidden />} onClick={() => setPicking(!picking)} aria-expanded={picking} data-testid="add-tag">
          {t("quick.addTag")}
        </Button>
      </div>
      {picking && (
        <div className="space-y-3 rounded-xl border border-zinc-200 p-3 dark:border-zinc-800">
          {others.length > 0 && (
            <div className="flex flex-wrap gap-1.5">
              {others.map((tag) => (
                <button key={tag.id} type="button" data-testid="pick-tag" data-tag={tag.name} onClick={() => setOnNode.mutate({ nodeId, tagId: tag.id, on: true })}>
                  <TagChip name={tag.name} color={tag.color} className="hover:opacity-80" />
                </button>
              ))}
            </div>
          )}
          <TagForm
            submitLabel={t("quick.createTag")}
            onSubmit={async (tag) => {
              const created = await create.mutateAsync(tag);
              await setOnNode.mutateAsync({ nodeId, tagId: created.id, on: true });
            }}
          />
        </div>
      )}
    </section>
  );
}
