import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { transferBody } from "@/lib/http/schemas";
import { nodeView } from "@/lib/http/views";

// POST /api/nodes/move – move items into a folder
export const POST = withActor(async ({ req, actor }) => {
  const { ids, targetId, onConflict } = transferBody.parse(await req.json());
  return { items: (await services().files.move(actor, ids, targetId, onConflict ?? "fail")).map(nodeView) };
});
