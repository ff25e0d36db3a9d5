import { services } from "@/lib/container";
import { policyInputSchema } from "@/lib/domain/storage-policy";
import { withActor } from "@/lib/http/api-route";

// GET /api/admin/storage – storage policies with their settings (never a secret) and usage
export const GET = withActor(async ({ actor }) => ({ items: await services().storagePolicies.list(actor) }), { admin: true });

// POST /api/admin/storage – create a local or S3 policy; saved only when its connection test passes
export const POST = withActor(async ({ req, actor }) => services().storagePolicies.create(actor, policyInputSchema.parse(await req.json())), { admin: true, status: 201 });
