import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { changePasswordBody } from "@/lib/http/account-schemas";

// POST /api/me/password – change the password (the current one required; other sessions end; 403 when it is wrong)
export const POST = withActor(async ({ req, actor }) => {
  const { currentPassword, newPassword } = changePasswordBody.parse(await req.json());
  await services().accounts.changePassword(actor, { currentPassword, newPassword, keepSessionId: actor.sessionId });
  return { changed: true };
});
