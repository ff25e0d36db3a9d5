import { services } from "@/lib/container";
import { idParam, publicRoute } from "@/lib/http/api-route";
import { nameBody } from "@/lib/http/schemas";
import { publicEntryView } from "@/lib/http/share-views";
import { visitorOf } from "@/lib/http/visitor";

// PATCH /api/public/shares/:token/nodes/:id – rename inside a read-write share
export const PATCH = publicRoute<{ token: string; id: string }>(async ({ req, params }) => {
  const { name } = nameBody.parse(await req.json());
  return publicEntryView(params.token, await services().visitorUploads.rename(visitorOf(params.token, req.headers), idParam(params.id), name));
});

// DELETE /api/public/shares/:token/nodes/:id – move to the owner's trash, inside a read-write share
export const DELETE = publicRoute<{ token: string; id: string }>(async ({ req, params }) => {
  await services().visitorUploads.remove(visitorOf(params.token, req.headers), idParam(params.id));
  return new Response(null, { status: 204 });
});
