import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { nodeView } from "@/lib/http/views";

// POST /api/nodes/:id/versions/:versionId/restore – make an old version current again
export const POST = withActor<{ id: string; versionId: string }>(async ({ actor, params }) =>
  nodeView(await services().versions.restoreVersion(actor, idParam(params.id), idParam(params.versionId))),
);
