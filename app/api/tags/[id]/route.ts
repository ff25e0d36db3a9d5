import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { updateTagBody } from "@/lib/http/quick-schemas";
import { tagView } from "@/lib/http/quick-views";

// PATCH /api/tags/:id – rename or recolour one of the caller's tags
export const PATCH = withActor<{ id: string }>(async ({ req, actor, params }) => tagView(await services().tags.update(actor, idParam(params.id), updateTagBody.parse(await req.json()))));

// DELETE /api/tags/:id – delete the tag (it leaves every item)
export const DELETE = withActor<{ id: string }>(async ({ actor, params }) => {
  await services().tags.delete(actor, idParam(params.id));
  return new Response(null, { status: 204 });
});
