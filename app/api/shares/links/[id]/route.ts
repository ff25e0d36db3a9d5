import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { updateLinkBody } from "@/lib/http/schemas";
import { shareLinkView } from "@/lib/http/share-views";

// PATCH /api/shares/links/:id – change a link's settings (password null removes it)
export const PATCH = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const input = updateLinkBody.parse(await req.json());
  return shareLinkView(await services().shareLinks.updateLink(actor, idParam(params.id), input));
});

// DELETE /api/shares/links/:id – revoke a link
export const DELETE = withActor<{ id: string }>(async ({ actor, params }) => {
  await services().shareLinks.revokeLink(actor, idParam(params.id));
  return new Response(null, { status: 204 });
});
