import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// POST /api/partners/requests/:id/approve – creates the account and mails the one-time password
export const POST = withActor<{ id: string }>(async ({ params, actor }) => {
  const { user, mailed } = await services().partners.approve(actor, idParam(params.id));
  return { userId: user.id, username: user.username, mailed };
});
