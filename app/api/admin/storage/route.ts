import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// GET /api/admin/storage – storage policies with the spaces and bytes on each
export const GET = withActor(async ({ actor }) => ({ items: await services().adminStats.policies(actor) }), { admin: true });
