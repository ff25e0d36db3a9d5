import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { nodeView } from "@/lib/http/views";

// GET /api/favorites – the caller's starred items it can still read, newest star first
export const GET = withActor(async ({ actor }) => ({ items: (await services().favorites.list(actor)).map(nodeView) }));
