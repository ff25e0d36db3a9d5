import type { TrashEntry } from "@/lib/client/api-types";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { NO_RIGHTS } from "@/lib/domain/permissions";
import { nodeView } from "@/lib/http/views";
import { optionalNodeId } from "@/lib/http/schemas";

// GET /api/trash?spaceId=N – the personal space's (or a team space's) trash entries, newest first
export const GET = withActor(async ({ req, actor }) => {
  const spaceId = optionalNodeId.parse(new URL(req.url).searchParams.get("spaceId") ?? undefined);
  const entries = await services().trash.listTrash(actor, spaceId);
  return {
    items: entries.map(({ node, originalPath, originalExists }) => ({
      ...nodeView({ node, rights: { ...NO_RIGHTS, delete: true }, sha256: null }),
      trashedAt: node.trashedAt!.toISOString(),
      originalPath,
      originalParentId: node.originalParentId,
      originalExists,
    }) satisfies TrashEntry),
  };
});
