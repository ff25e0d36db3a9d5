"use client";

import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { TagChip } from "@/components/drive/quick/tag-chip";
import { cn } from "@/components/ui/cn";
import { listTags } from "@/lib/client/quick-api";
import { queryKeys } from "@/lib/client/query-keys";
import { SEARCH_TYPES, type SearchType } from "@/lib/domain/search";
import { useT } from "@/lib/i18n/provider";

/** What the filters hold, as the form shows it (sizes in MB, dates as yyyy-mm-dd, "until" inclusive). */
export interface FilterState {
  scope: "folder" | "space" | "all";
  type: SearchType | "";
  minMb: string;
  maxMb: string;
  from: string;
  until: string;
  owner: "" | "me";
  fulltext: boolean;
  /** the user's tag ids a result must all carry */
  tags: number[];
}

export const NO_FILTERS: FilterState = { scope: "all", type: "", minMb: "", maxMb: "", from: "", until: "", owner: "", fulltext: false, tags: [] };

const control = "h-9 w-full rounded-lg border border-zinc-300 bg-white px-2 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

function Field({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <label className={cn("block min-w-0 space-y-1 text-xs font-medium text-zinc-600 dark:text-zinc-400", className)}>
      <span>{label}</span>
      {children}
    </label>
  );
}

/** The search page's filters: where, type, size, modified date, creator, the user's tags, and whether to look inside files. */
export function SearchFilters({ value, onChange, scopes }: { value: FilterState; onChange: (next: FilterState) => void; scopes: FilterState["scope"][] }) {
  const t = useT();
  const set = <K extends keyof FilterState>(key: K, v: FilterState[K]) => onChange({ ...value, [key]: v });
  const tags = useQuery({ queryKey: queryKeys.tags, queryFn: listTags, select: (data) => data.items });
  const toggleTag = (id: number) => set("tags", value.tags.includes(id) ? value.tags.filter((t) => t !== id) : [...value.tags, id]);
  const scopeLabel = { folder: t("search.scopeFolder"), space: t("search.scopeSpace"), all: t("search.scopeAll") };
  return (
    <fieldset className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="search-filters">
      <legend className="sr-only">{t("search.filters")}</legend>
      <Field label={t("search.scope")}>
        <select className={control} value={value.scope} onChange={(e) => set("scope", e.target.value as FilterState["scope"])} data-testid="search-scope">
          {scopes.map((s) => (
            <option key={s} value={s}>
              {scopeLabel[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("search.type")}>
        <select className={control} value={value.type} onChange={(e) => set("type", e.target.value as FilterState["type"])} data-testid="search-type">
          <option value="">{t("search.typeAny")}</option>
          {SEARCH_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`search.type.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("search.minSize")}>
        <input className={control} type="number" min={0} step="any" inputMode="decimal" value={value.minMb} onChange={(e) => set("minMb", e.target.value)} data-testid="search-min-size" />
      </Field>
      <Field label={t("search.maxSize")}>
        <input className={control} type="number" min={0} step="any" inputMode="decimal" value={value.maxMb} onChange={(e) => set("maxMb", e.target.value)} data-testid="search-max-size" />
      </Field>
      <Field label={t("search.modifiedAfter")}>
        <input className={control} type="date" value={value.from} onChange={(e) => set("from", e.target.value)} data-testid="search-from" />
      </Field>
      <Field label={t("search.modifiedBefore")}>
        <input className={control} type="date" value={value.until} onChange={(e) => set("until", e.target.value)} data-testid="search-until" />
      </Field>
      <Field label={t("search.owner")}>
        <select className={control} value={value.owner} onChange={(e) => set("owner", e.target.value as FilterState["owner"])} data-testid="search-owner">
          <option value="">{t("search.ownerAnyone")}</option>
          <option value="me">{t("search.ownerMe")}</option>
        </select>
      </Field>
      <label className="flex items-end gap-2 pb-2 text-sm text-zinc-800 dark:text-zinc-200">
        <input type="checkbox" className="size-4 accent-brand-600" checked={value.fulltext} onChange={(e) => set("fulltext", e.target.checked)} data-testid="search-fulltext" />
        {t("search.fulltext")}
      </label>
      {(tags.data?.length ?? 0) > 0 && (
        <div className="col-span-2 space-y-1 sm:col-span-4" role="group" aria-label={t("search.tags")} data-testid="search-tags">
          <span className="block text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("search.tags")}</span>
          <div className="flex flex-wrap gap-1.5">
            {tags.data!.map((tag) => (
              <button key={tag.id} type="button" aria-pressed={value.tags.includes(tag.id)} onClick={() => toggleTag(tag.id)} data-testid="search-tag" data-tag={tag.name}>
                <TagChip name={tag.name} color={tag.color} className={cn("max-w-48 px-2.5 py-1", value.tags.includes(tag.id) && "ring-2 ring-brand-500")} />
              </button>
            ))}
          </div>
        </div>
      )}
    </fieldset>
  );
}
