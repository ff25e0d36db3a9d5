import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

const startBody = z.object({ repair: z.boolean().default(false) });

// GET /api/admin/fsck – the latest consistency check and its report (null before the first)
export const GET = withActor(async ({ actor }) => ({ run: await services().consistency.latestRun(actor) }), { admin: true });

// POST /api/admin/fsck – queue a consistency check ({ repair: true } also repairs what is safe)
export const POST = withActor(async ({ req, actor }) => {
  const { repair } = startBody.parse(await req.json());
  return { id: await services().consistency.startRun(actor, { repair }) };
}, { admin: true, status: 202 });
