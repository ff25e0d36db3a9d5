import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { passwordPolicyBody } from "@/lib/http/account-schemas";

// GET /api/admin/settings/password-policy – the minimum password length (common passwords are always refused)
export const GET = withActor(async () => services().settings.passwordPolicy(), { admin: true });

// PUT /api/admin/settings/password-policy – change it; applies to passwords set from now on
export const PUT = withActor(async ({ req, actor }) => services().settings.setPasswordPolicy(actor, passwordPolicyBody.parse(await req.json())), { admin: true });
