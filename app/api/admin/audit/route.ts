import { services } from "@/lib/container";
import { auditQuery, searchParamsOf } from "@/lib/http/admin-schemas";
import { withActor } from "@/lib/http/api-route";
import { auditView } from "@/lib/http/admin-views";

// GET /api/admin/audit?actor=&action=&targetType=&targetId=&from=&to=&cursor=&limit= – newest first, keyset-paged
export const GET = withActor(async ({ req, actor }) => {
  const { cursor, limit, ...filter } = auditQuery.parse(searchParamsOf(req));
  const page = await services().audit.search(actor, filter, cursor ?? null, limit);
  return { items: page.items.map(auditView), nextCursor: page.nextCursor };
}, { admin: true });
