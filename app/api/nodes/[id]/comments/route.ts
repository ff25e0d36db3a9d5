import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { commentBody } from "@/lib/http/quick-schemas";
import { commentView } from "@/lib/http/quick-views";

// GET /api/nodes/:id/comments – comments on an item, oldest first
export const GET = withActor<{ id: string }>(async ({ actor, params }) => ({ items: (await services().comments.list(actor, idParam(params.id))).map(commentView) }));

// POST /api/nodes/:id/comments – add a comment
export const POST = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { body } = commentBody.parse(await req.json());
  const created = await services().comments.add(actor, idParam(params.id), body);
  return { id: created.id };
}, { status: 201 });
