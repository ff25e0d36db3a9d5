import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { searchQuery } from "@/lib/domain/search-query";
import { nodeView } from "@/lib/http/views";
import type { SearchHitView } from "@/lib/client/search-api";

// GET /api/search – names (and with fulltext=1 the text inside files) over what the user may read, newest first, paged
export const GET = withActor(async ({ req, actor }) => {
  const page = await services().search.search(actor, searchQuery.parse(Object.fromEntries(new URL(req.url).searchParams)));
  return {
    items: page.items.map(
      (hit): SearchHitView => ({
        node: nodeView({ node: hit.node, rights: hit.rights, sha256: null }),
        space: hit.space,
        shared: hit.shared,
        crumbs: hit.crumbs,
        snippet: hit.snippet,
      }),
    ),
    nextCursor: page.nextCursor,
  };
});
