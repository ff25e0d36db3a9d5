import { services } from "@/lib/container";
import { policyTargetSchema } from "@/lib/domain/storage-policy";
import { idParam, withActor } from "@/lib/http/api-route";

// POST /api/admin/storage/:id/assign – body { userId } | { teamId } | { default: true }
export const POST = withActor<{ id: string }>(async ({ req, actor, params }) => {
  await services().storagePolicies.assign(actor, idParam(params.id), policyTargetSchema.parse(await req.json()));
  return { ok: true };
}, { admin: true });
