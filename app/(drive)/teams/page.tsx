import { Suspense } from "react";
import { requireUser } from "@/components/shell/require-user";
import { TeamsView } from "@/components/teams/teams-view";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("teams.title");

export default async function TeamsPage() {
  await requireUser();
  return (
    <Suspense>
      <TeamsView />
    </Suspense>
  );
}
