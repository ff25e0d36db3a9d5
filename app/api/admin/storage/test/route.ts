import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

const body = z.object({ id: z.number().int().positive().optional(), settings: z.record(z.string(), z.unknown()).optional() }).strict();

// POST /api/admin/storage/test – put, get, list and delete a probe object with { settings } (unsaved) and/or saved policy { id }
export const POST = withActor(async ({ req, actor }) => services().storagePolicies.testConnection(actor, body.parse(await req.json())), { admin: true });
