"use client";

import { useId } from "react";
import { useQuery } from "@tanstack/react-query";
import { inputClass } from "@/components/ui/text-field";
import { listPolicies, POLICIES_KEY } from "@/lib/client/storage-api";
import { useT } from "@/lib/i18n/provider";

/** Chooses the storage policy a space writes to (site admins: the user edit dialog, team settings). */
export function PolicySelect({ value, onChange, testId }: { value: number | null; onChange: (policyId: number) => void; testId: string }) {
  const t = useT();
  const id = useId();
  const policies = useQuery({ queryKey: POLICIES_KEY, queryFn: listPolicies });
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {t("storage.policy")}
      </label>
      <select
        id={id}
        className={inputClass}
        value={value ?? ""}
        disabled={!policies.data || value === null}
        onChange={(e) => onChange(Number(e.target.value))}
        data-testid={testId}
      >
        {(policies.data?.items ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} · {t(p.kind === "s3" ? "storage.kindS3" : "storage.kindLocal")}
          </option>
        ))}
      </select>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{t("storage.policyHint")}</p>
    </div>
  );
}
