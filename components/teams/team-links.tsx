"use client";

import Link from "next/link";
import { Settings2, Trash2, Users } from "lucide-react";
import type { Team } from "@/lib/client/team-api";
import { useT } from "@/lib/i18n/provider";

const linkClass = "flex size-8 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800";

/** In a team's folders: its members, trash and settings (on phones from the members page's tabs). */
export function TeamLinks({ team }: { team: Team }) {
  const t = useT();
  return (
    <span className="flex items-center" data-testid="team-links">
      <Link href={`/teams/${team.id}/members`} className={linkClass} aria-label={t("teams.members")} title={t("teams.members")} data-testid="team-members-link">
        <Users className="size-4" aria-hidden />
      </Link>
      <Link href={`/trash?space=${team.id}`} className={linkClass} aria-label={t("teams.trash")} title={t("teams.trash")} data-testid="team-trash-link">
        <Trash2 className="size-4" aria-hidden />
      </Link>
      {team.manage && (
        <Link href={`/teams/${team.id}/settings`} className={`${linkClass} max-sm:hidden`} aria-label={t("teams.settings")} title={t("teams.settings")} data-testid="team-settings-link">
          <Settings2 className="size-4" aria-hidden />
        </Link>
      )}
    </span>
  );
}
