import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// GET /api/partners/:userId/audit – what the partner did (its sponsor and site admins only)
export const GET = withActor<{ id: string }>(async ({ params, actor }) => ({
  events: (await services().partners.auditLog(actor, idParam(params.id))).map((e) => ({ ...e, at: e.at.toISOString() })),
}));
