import { z } from "zod";
import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";

const body = z.object({ required: z.boolean() });

// PUT /api/admin/users/:id/two-factor-required {required} – force two-step verification on one account
export const PUT = withActor<{ id: string }>(
  async ({ req, actor, params }) => services().twoFactor.setRequired(actor, idParam(params.id), body.parse(await req.json()).required),
  { admin: true },
);
