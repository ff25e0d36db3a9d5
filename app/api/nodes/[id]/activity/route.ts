import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { beforeQuery } from "@/lib/http/quick-schemas";
import { activityView } from "@/lib/http/quick-views";

// GET /api/nodes/:id/activity?before= – an item's activity, newest first
export const GET = withActor<{ id: string }>(async ({ req, actor, params }) => {
  const { before } = beforeQuery.parse(Object.fromEntries(new URL(req.url).searchParams));
  const page = await services().activity.forNode(actor, idParam(params.id), before ?? null);
  return { items: page.items.map(activityView), nextCursor: page.nextCursor };
});
