import { TagsView } from "@/components/drive/quick/tags-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("quick.tagsTitle");

export default async function TagsPage() {
  await requireUser();
  return <TagsView />;
}
