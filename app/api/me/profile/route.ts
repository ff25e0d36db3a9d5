import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { profileBody } from "@/lib/http/account-schemas";

// PATCH /api/me/profile – the signed-in user's display name, email and language
export const PATCH = withActor(async ({ req, actor }) => {
  const user = await services().accounts.updateProfile(actor, profileBody.parse(await req.json()));
  return { displayName: user.displayName, email: user.email, locale: user.locale };
});
