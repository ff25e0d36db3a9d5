import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { partnerPatchBody } from "@/lib/http/partner-schemas";
import { partnerView } from "@/lib/http/partner-views";

// GET /api/partners/:userId – one partner (its team's admins, approvers)
export const GET = withActor<{ id: string }>(async ({ params, actor }) => partnerView(await services().partners.get(actor, idParam(params.id))));

// PATCH /api/partners/:userId {disabled?, expiresOn?} – disable, enable or extend
export const PATCH = withActor<{ id: string }>(async ({ req, params, actor }) => {
  const id = idParam(params.id);
  const body = partnerPatchBody.parse(await req.json());
  if (body.expiresOn !== undefined) await services().partners.extend(actor, id, body.expiresOn);
  if (body.disabled === true) await services().partners.disable(actor, id);
  if (body.disabled === false) await services().partners.enable(actor, id);
  return partnerView(await services().partners.get(actor, id));
});
