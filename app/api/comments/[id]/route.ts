import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { commentBody } from "@/lib/http/quick-schemas";

// PATCH /api/comments/:id – edit one's own comment
export const PATCH = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { body } = commentBody.parse(await req.json());
  const updated = await services().comments.edit(actor, idParam(params.id), body);
  return { id: updated.id, body: updated.body, editedAt: updated.editedAt?.toISOString() ?? null };
});

// DELETE /api/comments/:id – delete one's own comment (a space's owner or admins: any)
export const DELETE = withActor<{ id: string }>(async ({ actor, params }) => {
  await services().comments.delete(actor, idParam(params.id));
  return new Response(null, { status: 204 });
});
