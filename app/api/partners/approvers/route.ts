import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { partnerApproversBody } from "@/lib/http/partner-schemas";
import { approverView } from "@/lib/http/partner-views";

// GET /api/partners/approvers – designated approvers besides site admins (site admins only)
export const GET = withActor(async ({ actor }) => ({ approvers: (await services().partners.approvers(actor)).map(approverView) }));

// PUT /api/partners/approvers {usernames}
export const PUT = withActor(async ({ req, actor }) => {
  const { usernames } = partnerApproversBody.parse(await req.json());
  return { approvers: (await services().partners.setApproverNames(actor, usernames)).map(approverView) };
});
