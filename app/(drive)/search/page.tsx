import { SearchView } from "@/components/search/search-view";
import { requireUser } from "@/components/shell/require-user";
import { titleMetadata } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export const generateMetadata = titleMetadata("search.title");

/** /search?q=…&tags=…&folderId=…&spaceId=…: the search page (the filters in the address: search-url.ts; folderId and spaceId are where the user came from). */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  const id = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : undefined);
  return <SearchView userId={user.id} folderId={id(params.folderId)} spaceId={id(params.spaceId)} />;
}
