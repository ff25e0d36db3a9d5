import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { createGrantBody } from "@/lib/http/schemas";
import { shareGrantView } from "@/lib/http/share-views";

// GET /api/shares/grants?nodeId=N – who a node is shared with
export const GET = withActor(async ({ req, actor }) => {
  const nodeId = idParam(new URL(req.url).searchParams.get("nodeId") ?? undefined);
  return { grants: (await services().shareGrants.listGrants(actor, nodeId)).map(shareGrantView) };
});

// POST /api/shares/grants – share a node with a user or a team (again: updates the permission)
export const POST = withActor(async ({ req, actor }) => {
  const { nodeId, userId, teamId, permission } = createGrantBody.parse(await req.json());
  return shareGrantView(await services().shareGrants.grant(actor, nodeId, { userId, teamId, permission }));
}, { status: 201 });
