import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { namesBody } from "@/lib/http/schemas";

// POST /api/nodes/:id/conflicts – which names already exist in the folder
export const POST = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { names } = namesBody.parse(await req.json());
  return { existing: await services().files.existingNames(actor, idParam(params.id), names) };
});
