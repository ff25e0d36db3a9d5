import { SharedByMeView } from "@/components/share/shared-by-me-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("shared.byMeTitle");

export default async function SharedByMePage() {
  await requireUser();
  return <SharedByMeView />;
}
