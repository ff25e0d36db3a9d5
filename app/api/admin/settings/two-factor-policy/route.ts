import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

const body = z.object({ required: z.boolean() });

// GET /api/admin/settings/two-factor-policy – whether every account must use two-step verification
export const GET = withActor(async () => services().settings.twoFactorPolicy(), { admin: true });

// PUT /api/admin/settings/two-factor-policy {required}
export const PUT = withActor(async ({ req, actor }) => services().settings.setTwoFactorPolicy(actor, body.parse(await req.json())), { admin: true });
