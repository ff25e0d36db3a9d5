import { requireUser } from "@/components/shell/require-user";
import { TrashView } from "@/components/trash/trash-view";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("trash.title");

/** /trash is the personal trash; /trash?space=<teamId> a team's. */
export default async function TrashPage({ searchParams }: { searchParams: Promise<{ space?: string }> }) {
  await requireUser();
  const { space } = await searchParams;
  const spaceId = space && /^\d+$/.test(space) ? Number(space) : undefined;
  return <TrashView key={spaceId ?? 0} spaceId={spaceId} />;
}
