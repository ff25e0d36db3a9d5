import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

type P = { id: string; tagId: string };

// PUT /api/nodes/:id/tags/:tagId – put one of the caller's tags on an item it can read
export const PUT = withActor<P>(async ({ actor, params }) => {
  await services().tags.setOnNode(actor, idParam(params.tagId), idParam(params.id), true);
  return { tagged: true };
});

// DELETE /api/nodes/:id/tags/:tagId – take the tag off
export const DELETE = withActor<P>(async ({ actor, params }) => {
  await services().tags.setOnNode(actor, idParam(params.tagId), idParam(params.id), false);
  return new Response(null, { status: 204 });
});
