import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// POST /api/trash/empty – delete every trash entry for good
export const POST = withActor(async ({ actor }) => ({ purged: await services().trash.emptyTrash(actor) }));
