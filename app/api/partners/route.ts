import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { partnerView } from "@/lib/http/partner-views";

// GET /api/partners[?team=<id>] – every partner (approvers), or one team's (its admins)
export const GET = withActor(async ({ req, actor }) => {
  const team = new URL(req.url).searchParams.get("team");
  const list = await services().partners.list(actor, team ? { teamSpaceId: Number(team) || -1 } : {});
  return { partners: list.map(partnerView), canApprove: await services().partners.isApprover(actor) };
});
