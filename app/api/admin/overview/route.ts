import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// GET /api/admin/overview – the dashboard's figures (aggregates only; see AdminStatsService)
export const GET = withActor(async ({ actor }) => services().adminStats.overview(actor), { admin: true });
