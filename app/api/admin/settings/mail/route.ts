import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { smtpBody } from "@/lib/http/account-schemas";

// GET /api/admin/settings/mail – the SMTP settings in force and where they come from (never the password)
export const GET = withActor(async ({ actor }) => services().mail.view(actor), { admin: true });

// PUT /api/admin/settings/mail – store SMTP settings that override HAVEN_SMTP_*; null goes back to the environment
export const PUT = withActor(async ({ req, actor }) => services().mail.save(actor, smtpBody.parse(await req.json())), { admin: true });
