import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { partnerRejectBody } from "@/lib/http/partner-schemas";

// POST /api/partners/requests/:id/reject {reason}
export const POST = withActor<{ id: string }>(async ({ req, params, actor }) => {
  const { reason } = partnerRejectBody.parse(await req.json());
  await services().partners.reject(actor, idParam(params.id), reason);
  return { rejected: true };
});
