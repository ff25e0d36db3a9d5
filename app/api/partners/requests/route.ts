import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { partnerRequestBody, partnerRequestState } from "@/lib/http/partner-schemas";
import { partnerRequestView } from "@/lib/http/partner-views";

// GET /api/partners/requests[?state=pending][&team=<id>] – the approvers' queue, or one team's requests (its admins)
export const GET = withActor(async ({ req, actor }) => {
  const params = new URL(req.url).searchParams;
  const team = params.get("team");
  const rows = team
    ? await services().partners.teamRequests(actor, Number(team) || -1)
    : await services().partners.queue(actor, { state: partnerRequestState.parse(params.get("state") ?? undefined) });
  return { requests: rows.map(partnerRequestView) };
});

// POST /api/partners/requests – a team admin requests a partner account
export const POST = withActor(async ({ req, actor }) => {
  const body = partnerRequestBody.parse(await req.json());
  const row = await services().partners.request(actor, body);
  return { id: row.id, state: row.state };
}, { status: 201 });
