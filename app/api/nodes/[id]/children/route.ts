import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { listQuery, nameBody } from "@/lib/http/schemas";
import { nodeView } from "@/lib/http/views";

// GET /api/nodes/:id/children – a page of a folder's children, folders first
export const GET = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const query = listQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const page = await services().files.list(actor, idParam(params.id), query);
  return { items: page.items.map(nodeView), nextCursor: page.nextCursor, total: page.total };
});

// POST /api/nodes/:id/children – new folder
export const POST = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { name } = nameBody.parse(await req.json());
  return nodeView(await services().files.createFolder(actor, idParam(params.id), name));
}, { status: 201 });
