import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { nameBody } from "@/lib/http/schemas";
import { nodeView } from "@/lib/http/views";

// GET /api/nodes/:id – a node with its breadcrumbs
export const GET = withActor<{ id: string }>(async ({ actor, params }) => {
  const id = idParam(params.id);
  const [entry, crumbs] = await Promise.all([services().files.get(actor, id), services().files.crumbs(actor, id)]);
  return { node: nodeView(entry), crumbs };
});

// PATCH /api/nodes/:id – rename
export const PATCH = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { name } = nameBody.parse(await req.json());
  return nodeView(await services().files.rename(actor, idParam(params.id), name));
});
