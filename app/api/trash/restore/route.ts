import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { idsBody } from "@/lib/http/schemas";
import { nodeView } from "@/lib/http/views";

// POST /api/trash/restore – restore trash entries to where they were
export const POST = withActor(async ({ req, actor }) => {
  const { ids } = idsBody.parse(await req.json());
  return { items: (await services().trash.restore(actor, ids)).map(nodeView) };
});
