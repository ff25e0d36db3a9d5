import { SharedWithMeView } from "@/components/share/shared-with-me-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("shared.withMeTitle");

export default async function SharedWithMePage() {
  await requireUser();
  return <SharedWithMeView />;
}
