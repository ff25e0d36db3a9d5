import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { idsBody } from "@/lib/http/schemas";
import { nodeView } from "@/lib/http/views";

const restoreBody = idsBody.extend({ targetId: z.number().int().positive().optional() });

// POST /api/trash/restore {ids, targetId?} – restore trash entries (all or none) to where they were, or into targetId
export const POST = withActor(async ({ req, actor }) => {
  const { ids, targetId } = restoreBody.parse(await req.json());
  return { items: (await services().trash.restore(actor, ids, { targetId })).map(nodeView) };
});
