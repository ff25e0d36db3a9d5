import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

const body = z.object({ enabled: z.boolean() });

// GET /api/admin/settings/registration – whether visitors may sign up (with email verification)
export const GET = withActor(async () => services().settings.registration(), { admin: true });

// PUT /api/admin/settings/registration {enabled}
export const PUT = withActor(async ({ req, actor }) => services().settings.setRegistration(actor, body.parse(await req.json())), { admin: true });
