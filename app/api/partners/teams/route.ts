import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// GET /api/partners/teams – the teams the caller may request partners for (those it administers)
export const GET = withActor(async ({ actor }) => ({ teams: await services().partners.requestableTeams(actor) }));
