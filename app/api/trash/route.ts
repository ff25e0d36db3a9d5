import type { TrashEntry } from "@/lib/client/api-types";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { NO_RIGHTS } from "@/lib/domain/permissions";
import { nodeView } from "@/lib/http/views";

// GET /api/trash – the personal space's trash entries, newest first
export const GET = withActor(async ({ actor }) => {
  const entries = await services().trash.listTrash(actor);
  return {
    items: entries.map(({ node, originalPath }) => ({
      ...nodeView({ node, rights: { ...NO_RIGHTS, delete: true }, sha256: null }),
      trashedAt: node.trashedAt!.toISOString(),
      originalPath,
      originalParentId: node.originalParentId,
    }) satisfies TrashEntry),
  };
});
