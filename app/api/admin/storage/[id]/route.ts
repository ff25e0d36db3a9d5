import { services } from "@/lib/container";
import { policyInputSchema } from "@/lib/domain/storage-policy";
import { idParam, withActor } from "@/lib/http/api-route";

// PATCH /api/admin/storage/:id – replace name, settings and limits (no secretAccessKey keeps the stored secret)
export const PATCH = withActor<{ id: string }>(
  async ({ req, actor, params }) => services().storagePolicies.update(actor, idParam(params.id), policyInputSchema.parse(await req.json())),
  { admin: true },
);

// DELETE /api/admin/storage/:id – delete a policy nothing uses
export const DELETE = withActor<{ id: string }>(async ({ actor, params }) => {
  await services().storagePolicies.remove(actor, idParam(params.id));
  return { ok: true };
}, { admin: true });
