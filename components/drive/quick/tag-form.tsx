"use client";

import { useState, type FormEvent } from "react";
import { Check } from "lucide-react";
import { tagTone } from "@/components/drive/quick/tag-chip";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/text-field";
import { TAG_COLORS } from "@/lib/domain/tags";
import { useT } from "@/lib/i18n/provider";

/** Name and colour of a tag, for a new one or an edit; the swatches are radio buttons. */
export function TagForm({ initial, submitLabel, onSubmit, onCancel }: { initial?: { name: string; color: string }; submitLabel: string; onSubmit: (tag: { name: string; color: string }) => Promise<unknown>; onCancel?: () => void }) {
  const t = useT();
  const [name, setName] = useState(initial?.name ?? "");
  const [color, setColor] = useState(initial?.color ?? "blue");
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      await onSubmit({ name: name.trim(), color });
      if (!initial) setName("");
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-2" data-testid="tag-form">
      <input className={cn(inputClass, "h-9")} value={name} maxLength={50} onChange={(e) => setName(e.target.value)} placeholder={t("quick.tagName")} aria-label={t("quick.tagName")} data-testid="tag-name" />
      <div role="radiogroup" aria-label={t("quick.tagColor")} className="flex flex-wrap gap-1.5">
        {TAG_COLORS.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={c === color}
            aria-label={t(`quick.color.${c}`)}
            title={t(`quick.color.${c}`)}
            data-testid={`tag-color-${c}`}
            onClick={() => setColor(c)}
            className={cn("flex size-6 items-center justify-center rounded-full text-white", tagTone(c).dot, c === color && "ring-2 ring-brand-500 ring-offset-2 dark:ring-offset-zinc-950")}
          >
            {c === color && <Check className="size-3.5" aria-hidden />}
          </button>
        ))}
      </div>
      <div className="flex gap-2">
        <Button type="submit" size="sm" variant="primary" disabled={busy || !name.trim()} data-testid="tag-submit">
          {submitLabel}
        </Button>
        {onCancel && (
          <Button size="sm" variant="ghost" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
