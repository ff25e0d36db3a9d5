import { clientIpOf } from "@/lib/auth/client-ip";
import { services } from "@/lib/container";
import { publicRoute } from "@/lib/http/api-route";
import { resetRequestBody } from "@/lib/http/account-schemas";

// POST /api/password-reset/request – mail a reset link to the account named (username or email); 202 whether or not one exists
export const POST = publicRoute(
  async ({ req }) => {
    const { identifier } = resetRequestBody.parse(await req.json());
    await services().passwordResets.request(identifier, { ip: clientIpOf(req.headers) });
    return { accepted: true };
  },
  { status: 202 },
);
