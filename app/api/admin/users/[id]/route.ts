import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { updateUserBody } from "@/lib/http/schemas";
import { userView } from "@/lib/http/user-views";

// PATCH /api/admin/users/:id – disable, set quota, role or password
export const PATCH = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const patch = updateUserBody.parse(await req.json());
  return userView(await services().users.update(actor, idParam(params.id), patch));
}, { admin: true });
