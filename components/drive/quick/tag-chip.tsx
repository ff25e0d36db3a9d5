import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** Swatch classes per tag colour (lib/domain/tags.ts TAG_COLORS), light and dark. */
export const TAG_TONES: Record<string, { chip: string; dot: string }> = {
  gray: { chip: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200", dot: "bg-zinc-400" },
  red: { chip: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200", dot: "bg-red-500" },
  orange: { chip: "bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-200", dot: "bg-orange-500" },
  amber: { chip: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200", dot: "bg-amber-500" },
  green: { chip: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200", dot: "bg-green-500" },
  teal: { chip: "bg-teal-100 text-teal-800 dark:bg-teal-950 dark:text-teal-200", dot: "bg-teal-500" },
  blue: { chip: "bg-blue-100 text-blue-800 dark:bg-blue-950 dark:text-blue-200", dot: "bg-blue-500" },
  violet: { chip: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200", dot: "bg-violet-500" },
  pink: { chip: "bg-pink-100 text-pink-800 dark:bg-pink-950 dark:text-pink-200", dot: "bg-pink-500" },
};

export const tagTone = (color: string) => TAG_TONES[color] ?? TAG_TONES.gray!;

/** A coloured tag label; `children` adds a control after the name (e.g. a remove button). */
export function TagChip({ name, color, className, children }: { name: string; color: string; className?: string; children?: ReactNode }) {
  return (
    <span data-testid="tag-chip" data-tag={name} className={cn("inline-flex max-w-32 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium", tagTone(color).chip, className)}>
      <span className="truncate">{name}</span>
      {children}
    </span>
  );
}
