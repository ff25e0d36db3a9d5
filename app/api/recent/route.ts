import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { recentView } from "@/lib/http/quick-views";

// GET /api/recent – files the caller opened or changed lately, newest first
export const GET = withActor(async ({ actor }) => ({ items: (await services().recent.list(actor)).map(recentView) }));
