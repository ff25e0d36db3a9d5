import { FavoritesView } from "@/components/drive/quick/favorites-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("quick.favoritesTitle");

export default async function FavoritesPage() {
  await requireUser();
  return <FavoritesView />;
}
