import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { marksBody } from "@/lib/http/quick-schemas";
import { marksView } from "@/lib/http/quick-views";

// POST /api/nodes/marks – star, tags and "shared" of a listing page's items (readable ones only), in a few queries
export const POST = withActor(async ({ req, actor }) => {
  const { ids } = marksBody.parse(await req.json());
  return { marks: marksView(await services().marks.marksOf(actor, ids)) };
});
