import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { shareGrantView, shareLinkView } from "@/lib/http/share-views";

// GET /api/shares/by-me – every live link and internal share the caller made
export const GET = withActor(async ({ actor }) => {
  const { links, grants } = await services().shareGrants.sharedByMe(actor);
  return { links: links.map(shareLinkView), grants: grants.map(shareGrantView) };
});
