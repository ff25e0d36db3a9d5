"use client";

import { PERMISSION_LABEL } from "@/components/share/share-labels";
import { cn } from "@/components/ui/cn";
import type { GrantPermission } from "@/lib/client/share-api";
import { useT } from "@/lib/i18n/provider";

export function PermissionSelect({ value, onChange, label, disabled, testId }: { value: GrantPermission; onChange: (value: GrantPermission) => void; label: string; disabled?: boolean; testId?: string }) {
  const t = useT();
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value === "edit" ? "edit" : "view")}
      className={cn("h-8 rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900")}
      data-testid={testId}
    >
      {(["view", "edit"] as const).map((permission) => (
        <option key={permission} value={permission}>
          {t(PERMISSION_LABEL[permission])}
        </option>
      ))}
    </select>
  );
}
