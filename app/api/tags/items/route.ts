import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { tagIdsQuery } from "@/lib/http/quick-schemas";
import { nodeView } from "@/lib/http/views";

// GET /api/tags/items?tags=1,2[&among=5,6] – readable items carrying every one of the tags (optionally among some ids)
export const GET = withActor(async ({ req, actor }) => {
  const { tags, among } = tagIdsQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  return { items: (await services().tags.taggedItems(actor, tags, among)).map(nodeView) };
});
