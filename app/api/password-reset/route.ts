import { clientIpOf } from "@/lib/auth/client-ip";
import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";
import { resetBody } from "@/lib/http/account-schemas";

// POST /api/password-reset – set a new password with a mailed token (410 when the link expired or was used)
export const POST = publicRoute(async ({ req }) => {
  const { token, password } = resetBody.parse(await req.json());
  await services().passwordResets.reset(token, password, { ip: clientIpOf(req.headers) });
  return { reset: true };
});
