import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { idsBody } from "@/lib/http/schemas";

// POST /api/nodes/trash – move items to the trash
export const POST = withActor(async ({ req, actor }) => {
  const { ids } = idsBody.parse(await req.json());
  return { trashed: await services().trash.trash(actor, ids) };
});
