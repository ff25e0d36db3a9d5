import { services } from "@/lib/container";
import { searchParamsOf, usersQuery } from "@/lib/http/admin-schemas";
import { withActor } from "@/lib/http/api-route";
import { createUserBody } from "@/lib/http/schemas";
import { userView } from "@/lib/http/user-views";

// GET /api/admin/users?q=&role=&offset=&limit= – a page of accounts with their usage, searched in the database
export const GET = withActor(async ({ req, actor }) => {
  const query = usersQuery.parse(searchParamsOf(req));
  const { items, total } = await services().adminUsers.page(actor, query);
  return { items: items.map(userView), total, offset: query.offset, limit: query.limit };
}, { admin: true });

// POST /api/admin/users – create an account
export const POST = withActor(async ({ req, actor }) => {
  const body = createUserBody.parse(await req.json());
  const user = await services().users.create(actor, body);
  return userView(await services().users.withUsage(user.id));
}, { admin: true, status: 201 });
