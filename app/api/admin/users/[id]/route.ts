import { services } from "@/lib/container";
import { deleteUserBody } from "@/lib/http/admin-schemas";
import { idParam, withActor } from "@/lib/http/api-route";
import { updateUserBody } from "@/lib/http/schemas";
import { userView } from "@/lib/http/user-views";

// PATCH /api/admin/users/:id – disable, set quota, role, password, display name, email, or require two-step sign-in
export const PATCH = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const patch = updateUserBody.parse(await req.json());
  return userView(await services().users.update(actor, idParam(params.id), patch));
}, { admin: true });

// DELETE /api/admin/users/:id – delete the account; body { mode: "transfer", toUserId } or { mode: "purge" }
export const DELETE = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const how = deleteUserBody.parse(await req.json());
  await services().adminUsers.remove(actor, idParam(params.id), how);
  return { ok: true };
}, { admin: true });
