"use client";

import { useId } from "react";
import { inputClass } from "@/components/ui/text-field";
import { cn } from "@/components/ui/cn";
import { useT } from "@/lib/i18n/provider";

const GIB = 1024 ** 3;

export type QuotaValue = { unlimited: boolean; gib: string };

export function quotaToValue(quota: number | null): QuotaValue {
  return quota === null ? { unlimited: true, gib: "100" } : { unlimited: false, gib: String(Math.round((quota / GIB) * 100) / 100) };
}

/** Bytes for the API, null for unlimited, undefined when the number is not valid. */
export function valueToQuota(value: QuotaValue): number | null | undefined {
  if (value.unlimited) return null;
  const gib = Number(value.gib);
  return Number.isFinite(gib) && gib >= 0 ? Math.round(gib * GIB) : undefined;
}

/** Storage quota in GiB, or unlimited. */
export function QuotaInput({ value, onChange }: { value: QuotaValue; onChange: (value: QuotaValue) => void }) {
  const t = useT();
  const id = useId();
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("admin.quota")}</legend>
      <div className="flex items-center gap-3">
        <div className="relative flex-1">
          <label htmlFor={id} className="sr-only">
            {t("admin.quotaGiB")}
          </label>
          <input
            id={id}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            disabled={value.unlimited}
            value={value.gib}
            onChange={(event) => onChange({ ...value, gib: event.target.value })}
            className={cn(inputClass, "pr-12")}
            data-testid="quota-gib"
          />
          <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-zinc-500">GiB</span>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={value.unlimited}
            onChange={(event) => onChange({ ...value, unlimited: event.target.checked })}
            className="size-4 accent-brand-600"
            data-testid="quota-unlimited"
          />
          {t("admin.unlimited")}
        </label>
      </div>
    </fieldset>
  );
}
