import { notFound } from "next/navigation";
import { requireUser } from "@/components/shell/require-user";
import { TeamSettingsView } from "@/components/teams/team-settings-view";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("teams.settings");

export default async function TeamSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  if (!/^\d+$/.test(id)) notFound();
  return <TeamSettingsView teamId={Number(id)} />;
}
