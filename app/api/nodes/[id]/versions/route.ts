import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// GET /api/nodes/:id/versions – a file's versions, newest first
export const GET = withActor<{ id: string }>(async ({ actor, params }) => {
  const { versions, currentId } = await services().versions.versions(actor, idParam(params.id));
  return {
    items: versions.map((v) => ({
      id: v.id,
      size: v.size,
      sha256: v.sha256,
      authorId: v.authorId,
      authorName: v.authorName,
      mtime: v.mtime.toISOString(),
      createdAt: v.createdAt.toISOString(),
      current: v.id === currentId,
    })),
  };
});
