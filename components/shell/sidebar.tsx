"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Activity, Building2, Clock, Database, Gauge, Handshake, HardDrive, Link2, ListChecks, Plus, ScrollText, Settings, Star, Tag, Trash2, Users, UsersRound } from "lucide-react";
import type { ReactNode } from "react";
import { SiteBrand } from "@/components/admin/site-brand";
import { useFolderIsShared, useFolderSpaceId } from "@/components/drive/use-shared-place";
import { useTeams } from "@/lib/client/use-teams";
import { QuotaBar } from "@/components/shell/quota-bar";
import { useShell } from "@/components/shell/shell-context";
import { UserMenu } from "@/components/shell/user-menu";
import { cn } from "@/components/ui/cn";
import { useT } from "@/lib/i18n/provider";

function NavLink({ href, icon, active, children, testId }: { href: string; icon: ReactNode; active: boolean; children: ReactNode; testId: string }) {
  return (
    <Link
      href={href}
      data-testid={testId}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors [&>svg]:size-[18px]",
        active
          ? "bg-brand-50 text-brand-700 dark:bg-brand-950/60 dark:text-brand-200"
          : "text-zinc-700 hover:bg-zinc-200/60 dark:text-zinc-300 dark:hover:bg-zinc-800",
      )}
    >
      {icon}
      {children}
    </Link>
  );
}

/** Navigation, quota and account menu; the same content is shown in the mobile drawer. */
export function Sidebar() {
  const t = useT();
  const pathname = usePathname();
  const { user } = useShell();
  // A folder of someone else's space belongs under "Shared with me", whatever its URL.
  const folderMatch = /^\/files\/(\d+)$/.exec(pathname);
  const inShared = useFolderIsShared(folderMatch ? Number(folderMatch[1]) : null);
  const folderSpaceId = useFolderSpaceId(folderMatch ? Number(folderMatch[1]) : null);
  const teams = useTeams();
  const teamList = teams.data?.teams ?? [];
  const inTeam = teamList.some((team) => team.id === folderSpaceId);
  return (
    <div className="flex h-full flex-col gap-6 p-4">
      <Link href="/files" className="rounded-lg px-2 py-1">
        <SiteBrand />
      </Link>
      <nav aria-label={t("nav.main")} className="flex flex-col gap-1">
        <NavLink href="/files" icon={<HardDrive aria-hidden />} active={pathname.startsWith("/files") && !inShared && !inTeam} testId="files-link">
          {t("nav.myFiles")}
        </NavLink>
        <NavLink href="/shared/with-me" icon={<UsersRound aria-hidden />} active={pathname.startsWith("/shared/with-me") || inShared} testId="shared-with-me-link">
          {t("nav.sharedWithMe")}
        </NavLink>
        <NavLink href="/shared/by-me" icon={<Link2 aria-hidden />} active={pathname.startsWith("/shared/by-me")} testId="shared-by-me-link">
          {t("nav.sharedByMe")}
        </NavLink>
        <NavLink href="/recent" icon={<Clock aria-hidden />} active={pathname.startsWith("/recent")} testId="recent-link">
          {t("quick.recentTitle")}
        </NavLink>
        <NavLink href="/favorites" icon={<Star aria-hidden />} active={pathname.startsWith("/favorites")} testId="favorites-link">
          {t("quick.favoritesTitle")}
        </NavLink>
        <NavLink href="/tags" icon={<Tag aria-hidden />} active={pathname.startsWith("/tags")} testId="tags-link">
          {t("quick.tagsTitle")}
        </NavLink>
        <NavLink href="/activity" icon={<Activity aria-hidden />} active={pathname.startsWith("/activity")} testId="activity-link">
          {t("quick.activityTitle")}
        </NavLink>
        <NavLink href="/trash" icon={<Trash2 aria-hidden />} active={pathname.startsWith("/trash")} testId="trash-link">
          {t("nav.trash")}
        </NavLink>
        {(teamList.length > 0 || teams.data?.canCreate) && (
          <div className="mt-5 flex items-center justify-between px-3" data-testid="sidebar-teams">
            <Link href="/teams" className="text-xs font-medium tracking-wide text-zinc-500 uppercase hover:text-zinc-800 dark:hover:text-zinc-200" data-testid="teams-link">
              {t("teams.nav")}
            </Link>
            {teams.data?.canCreate && (
              <Link href="/teams?new=1" aria-label={t("teams.new")} title={t("teams.new")} className="rounded p-0.5 text-zinc-500 hover:bg-zinc-200/60 dark:hover:bg-zinc-800" data-testid="sidebar-new-team">
                <Plus className="size-4" aria-hidden />
              </Link>
            )}
          </div>
        )}
        {teamList.map((team) => (
          <NavLink key={team.id} href={`/files/${team.rootId}`} icon={<Building2 aria-hidden />} active={folderSpaceId === team.id || pathname.startsWith(`/teams/${team.id}/`)} testId="team-link">
            <span className="truncate">{team.name}</span>
          </NavLink>
        ))}
        {user.role === "admin" && (
          <>
            <p className="mt-5 mb-1 px-3 text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("nav.admin")}</p>
            <NavLink href="/admin" icon={<Gauge aria-hidden />} active={pathname === "/admin"} testId="admin-overview-link">
              {t("dash.overviewTitle")}
            </NavLink>
            <NavLink href="/admin/users" icon={<Users aria-hidden />} active={pathname.startsWith("/admin/users")} testId="admin-users-link">
              {t("nav.users")}
            </NavLink>
            <NavLink href="/admin/teams" icon={<Building2 aria-hidden />} active={pathname.startsWith("/admin/teams")} testId="admin-teams-link">
              {t("dash.navTeams")}
            </NavLink>
            <NavLink href="/admin/partners" icon={<Handshake aria-hidden />} active={pathname.startsWith("/admin/partners")} testId="admin-partners-link">
              {t("dash.navPartners")}
            </NavLink>
            <NavLink href="/admin/storage" icon={<Database aria-hidden />} active={pathname.startsWith("/admin/storage")} testId="admin-storage-link">
              {t("dash.storageTitle")}
            </NavLink>
            <NavLink href="/admin/jobs" icon={<ListChecks aria-hidden />} active={pathname.startsWith("/admin/jobs")} testId="admin-jobs-link">
              {t("dash.jobsTitle")}
            </NavLink>
            <NavLink href="/admin/audit" icon={<ScrollText aria-hidden />} active={pathname.startsWith("/admin/audit")} testId="admin-audit-link">
              {t("dash.auditTitle")}
            </NavLink>
            <NavLink href="/admin/settings" icon={<Settings aria-hidden />} active={pathname.startsWith("/admin/settings")} testId="admin-settings-link">
              {t("nav.settings")}
            </NavLink>
          </>
        )}
      </nav>
      <div className="mt-auto space-y-4">
        <QuotaBar />
        <UserMenu />
      </div>
    </div>
  );
}
