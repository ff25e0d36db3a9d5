import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// DELETE /api/nodes/:id/versions/:versionId – delete one old version (not the current one); its bytes leave the quota
export const DELETE = withActor<{ id: string; versionId: string }>(async ({ actor, params }) => {
  await services().versions.deleteVersion(actor, idParam(params.id), idParam(params.versionId));
  return new Response(null, { status: 204 });
});
