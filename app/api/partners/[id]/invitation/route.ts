import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

// POST /api/partners/:userId/invitation – a new one-time password, mailed again (approvers)
export const POST = withActor<{ id: string }>(async ({ params, actor }) => services().partners.resendInvitation(actor, idParam(params.id)));
