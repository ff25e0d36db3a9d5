import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { beforeQuery } from "@/lib/http/quick-schemas";
import { activityView } from "@/lib/http/quick-views";

// GET /api/activity?before= – the caller's activity stream: changes to everything it can read, newest first
export const GET = withActor(async ({ req, actor }) => {
  const { before } = beforeQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const page = await services().activity.forUser(actor, before ?? null);
  return { items: page.items.map(activityView), nextCursor: page.nextCursor };
});
