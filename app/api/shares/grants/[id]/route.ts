import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { updateGrantBody } from "@/lib/http/schemas";
import { shareGrantView } from "@/lib/http/share-views";

// PATCH /api/shares/grants/:id – change a share's permission
export const PATCH = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { permission } = updateGrantBody.parse(await req.json());
  return shareGrantView(await services().shareGrants.updateGrant(actor, idParam(params.id), permission));
});

// DELETE /api/shares/grants/:id – stop sharing (takes effect on the next request of every door)
export const DELETE = withActor<{ id: string }>(async ({ actor, params }) => {
  await services().shareGrants.revokeGrant(actor, idParam(params.id));
  return new Response(null, { status: 204 });
});
