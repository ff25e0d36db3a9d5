import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { appPasswordBody } from "@/lib/http/schemas";

// GET /api/me/app-passwords – the signed-in user's app passwords (never the secrets)
export const GET = withActor(async ({ actor }) => ({ items: await services().appPasswords.list(actor, actor.userId) }));

// POST /api/me/app-passwords – create one; the password is in this answer only
export const POST = withActor(
  async ({ req, actor }) => {
    const { name, readOnly, folderId } = appPasswordBody.parse(await req.json());
    return services().appPasswords.create(actor, actor.userId, { name, readOnly, folderId });
  },
  { status: 201 },
);
