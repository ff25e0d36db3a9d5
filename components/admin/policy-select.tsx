"use client";

import { useQuery } from "@tanstack/react-query";
import { SelectField } from "@/components/ui/select-field";
import { listPolicies, POLICIES_KEY } from "@/lib/client/storage-api";
import { useT } from "@/lib/i18n/provider";

/** Chooses the storage policy a space writes to (site admins: the user edit dialog, team settings). */
export function PolicySelect({ value, onChange, testId }: { value: number | null; onChange: (policyId: number) => void; testId: string }) {
  const t = useT();
  const policies = useQuery({ queryKey: POLICIES_KEY, queryFn: listPolicies });
  const options = (policies.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${t(p.kind === "s3" ? "storage.kindS3" : "storage.kindLocal")}` }));
  return (
    <SelectField
      label={t("storage.policy")}
      hint={t("storage.policyHint")}
      options={options}
      value={value ?? ""}
      disabled={!policies.data || value === null}
      onChange={(e) => onChange(Number(e.target.value))}
      data-testid={testId}
    />
  );
}
