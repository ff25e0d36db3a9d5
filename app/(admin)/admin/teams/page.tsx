import { Suspense } from "react";
import { requireAdmin } from "@/components/shell/require-user";
import { TeamsView } from "@/components/teams/teams-view";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("teams.title");

/** Admin → Teams: every team (site admins see all), with create, quota, members, settings and delete. */
export default async function AdminTeamsPage() {
  await requireAdmin();
  return (
    <Suspense>
      <TeamsView />
    </Suspense>
  );
}
