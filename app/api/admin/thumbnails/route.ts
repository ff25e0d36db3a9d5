import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { jobView } from "@/lib/http/admin-views";

// GET /api/admin/thumbnails – which formats this server renders (absent tools named) and the latest backfill job
export const GET = withActor(async ({ actor }) => {
  const { capabilities, backfill } = await services().thumbnails.adminStatus(actor);
  return { formats: capabilities.formats, backfill: backfill ? jobView(backfill) : null };
}, { admin: true });

const regenerate = z.object({ all: z.boolean().default(false) });

// POST /api/admin/thumbnails { all } – queue "Regenerate thumbnails": files without one, or (all) every file again
export const POST = withActor(async ({ req, actor }) => {
  const { all } = regenerate.parse(await req.json());
  await services().thumbnails.requestBackfill(actor, { all });
  return { queued: true };
}, { admin: true, status: 202 });
