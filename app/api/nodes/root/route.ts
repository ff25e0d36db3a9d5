import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { nodeView } from "@/lib/http/views";

// GET /api/nodes/root – the personal space's root folder
export const GET = withActor(async ({ actor }) => nodeView(await services().files.personalRoot(actor)));
