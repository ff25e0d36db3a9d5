import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { createLinkBody, optionalNodeId } from "@/lib/http/schemas";
import { shareLinkView } from "@/lib/http/share-views";

// GET /api/shares/links?nodeId=N – the caller's live links (on one node when given)
export const GET = withActor(async ({ req, actor }) => {
  const nodeId = optionalNodeId.parse(new URL(req.url).searchParams.get("nodeId") ?? undefined);
  return { links: (await services().shareLinks.listLinks(actor, nodeId)).map(shareLinkView) };
});

// POST /api/shares/links – create a public link
export const POST = withActor(async ({ req, actor }) => {
  const { nodeId, ...input } = createLinkBody.parse(await req.json());
  return shareLinkView(await services().shareLinks.createLink(actor, nodeId, input));
}, { status: 201 });
