import { notFound } from "next/navigation";
import { requireUser } from "@/components/shell/require-user";
import { TeamMembersView } from "@/components/teams/team-members-view";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("teams.members");

export default async function TeamMembersPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  if (!/^\d+$/.test(id)) notFound();
  return <TeamMembersView teamId={Number(id)} />;
}
