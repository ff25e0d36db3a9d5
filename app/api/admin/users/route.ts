import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { createUserBody } from "@/lib/http/schemas";
import { userView } from "@/lib/http/user-views";

// GET /api/admin/users – every account with its usage
export const GET = withActor(async ({ actor }) => ({ items: (await services().users.list(actor)).map(userView) }), { admin: true });

// POST /api/admin/users – create an account
export const POST = withActor(async ({ req, actor }) => {
  const body = createUserBody.parse(await req.json());
  const user = await services().users.create(actor, body);
  return userView(await services().users.withUsage(user.id));
}, { admin: true, status: 201 });
