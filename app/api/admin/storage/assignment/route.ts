import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

const query = z.union([z.object({ userId: z.coerce.number().int().positive() }), z.object({ teamId: z.coerce.number().int().positive() })]);

// GET /api/admin/storage/assignment?userId=… | ?teamId=… – the policy that space writes to
export const GET = withActor(
  async ({ req, actor }) => services().storagePolicies.assignmentOf(actor, query.parse(Object.fromEntries(new URL(req.url).searchParams))),
  { admin: true },
);
