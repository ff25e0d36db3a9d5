import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { createTagBody } from "@/lib/http/quick-schemas";
import { tagView } from "@/lib/http/quick-views";

// GET /api/tags – the caller's tags with how many items carry each
export const GET = withActor(async ({ actor }) => ({ items: (await services().tags.list(actor)).map(tagView) }));

// POST /api/tags – a new tag
export const POST = withActor(async ({ req, actor }) => tagView(await services().tags.create(actor, createTagBody.parse(await req.json()))), { status: 201 });
