"use client";

import type { TeamRole } from "@/lib/client/team-api";
import type { MessageKey } from "@/lib/i18n/messages/en";
import { useT } from "@/lib/i18n/provider";

export const ROLE_LABEL: Record<TeamRole | "partner", MessageKey> = {
  admin: "teams.roleAdmin",
  editor: "teams.roleEditor",
  viewer: "teams.roleViewer",
  partner: "teams.rolePartner",
};

export function RoleSelect({ value, onChange, label, disabled, testId }: { value: TeamRole; onChange: (role: TeamRole) => void; label: string; disabled?: boolean; testId?: string }) {
  const t = useT();
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as TeamRole)}
      className="h-8 rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      data-testid={testId}
    >
      {(["admin", "editor", "viewer"] as const).map((role) => (
        <option key={role} value={role}>
          {t(ROLE_LABEL[role])}
        </option>
      ))}
    </select>
  );
}
