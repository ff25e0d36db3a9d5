import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

const officeBody = z.object({ discoveryUrl: z.string().max(2000).nullable() });

// GET /api/admin/settings/office – the office server's WOPI discovery URL (null: none)
export const GET = withActor(async () => ({ discoveryUrl: await services().wopi.discoveryUrl() }), { admin: true });

// PUT /api/admin/settings/office – set or clear it
export const PUT = withActor(async ({ req, actor }) => {
  const { discoveryUrl } = officeBody.parse(await req.json());
  return { discoveryUrl: await services().wopi.setDiscoveryUrl(actor, discoveryUrl) };
}, { admin: true });
