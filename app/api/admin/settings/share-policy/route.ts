import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { sharePolicyBody } from "@/lib/http/schemas";
import { sharePolicyView } from "@/lib/http/share-views";

// GET /api/admin/settings/share-policy – the site's share policy
export const GET = withActor(async () => sharePolicyView(await services().settings.sharePolicy()), { admin: true });

// PUT /api/admin/settings/share-policy – change it (fields left out keep their value)
export const PUT = withActor(async ({ req, actor }) => {
  const body = sharePolicyBody.parse(await req.json());
  return sharePolicyView(await services().settings.setSharePolicy(actor, body));
}, { admin: true });
