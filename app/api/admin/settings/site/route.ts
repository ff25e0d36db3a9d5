import { services } from "@/lib/container";
import { siteSettingsBody } from "@/lib/http/admin-schemas";
import { withActor } from "@/lib/http/api-route";

// GET /api/admin/settings/site – site name, registration, 2FA policy, default quota, retention
export const GET = withActor(async () => services().settings.site(), { admin: true });

// PUT /api/admin/settings/site – change them (fields left out keep their value)
export const PUT = withActor(async ({ req, actor }) => services().settings.setSite(actor, siteSettingsBody.parse(await req.json())), { admin: true });
