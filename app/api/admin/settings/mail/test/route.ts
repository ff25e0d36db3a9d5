import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { testMailBody } from "@/lib/http/account-schemas";

// POST /api/admin/settings/mail/test – send a test mail with the settings in force (503 with the server's refusal)
export const POST = withActor(
  async ({ req, actor }) => {
    await services().mail.sendTest(actor, testMailBody.parse(await req.json()).to);
    return { sent: true };
  },
  { admin: true },
);
