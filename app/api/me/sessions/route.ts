import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// GET /api/me/sessions – the signed-in user's active browser sessions (device, IP, created, last seen, this device)
export const GET = withActor(async ({ actor }) => ({ sessions: await services().sessions.list(actor, actor.sessionId) }));
