import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { transferBody } from "@/lib/http/schemas";
import { nodeView } from "@/lib/http/views";

// POST /api/nodes/copy – copy items into a folder ("keep both" by default)
export const POST = withActor(async ({ req, actor }) => {
  const { ids, targetId, onConflict } = transferBody.parse(await req.json());
  return { items: (await services().files.copy(actor, ids, targetId, onConflict ?? "rename")).map(nodeView) };
});
