import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// DELETE /api/me/app-passwords/:id – revoke at once; clients using it get 401 on their next request
export const DELETE = withActor<{ id: string }>(async ({ actor, params }) => {
  await services().appPasswords.revoke(actor, idParam(params.id));
  return { revoked: true };
});
