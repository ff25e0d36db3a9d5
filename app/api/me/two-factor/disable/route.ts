import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { disableTwoFactorBody } from "@/lib/http/account-schemas";

// POST /api/me/two-factor/disable – turn it off with the password (403 when wrong) and a code or recovery code
export const POST = withActor(async ({ req, actor }) => {
  await services().accounts.disableTwoFactor(actor, disableTwoFactorBody.parse(await req.json()));
  return { enabled: false };
});
