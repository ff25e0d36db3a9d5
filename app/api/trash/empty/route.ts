import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { optionalNodeId } from "@/lib/http/schemas";

// POST /api/trash/empty?spaceId=N – delete every trash entry (of the personal space, or a team space) for good
export const POST = withActor(async ({ req, actor }) => {
  const spaceId = optionalNodeId.parse(new URL(req.url).searchParams.get("spaceId") ?? undefined);
  return { purged: await services().trash.emptyTrash(actor, spaceId) };
});
