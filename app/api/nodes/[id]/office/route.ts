import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// POST /api/nodes/:id/office – "Open in office": the editor URL and a WOPI access token for this file
export const POST = withActor<{ id: string }>(async ({ actor, params }) => services().wopi.openInOffice(actor, idParam(params.id)));
