import { requireUser } from "@/components/shell/require-user";
import { TrashView } from "@/components/trash/trash-view";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("trash.title");

export default async function TrashPage() {
  await requireUser();
  return <TrashView />;
}
