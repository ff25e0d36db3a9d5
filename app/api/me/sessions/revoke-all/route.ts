import { z } from "zod";
import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

const body = z.object({ includeCurrent: z.boolean().default(false) });

// POST /api/me/sessions/revoke-all {includeCurrent} – sign out everywhere: every other session, or this one too
export const POST = withActor(async ({ req, actor }) => {
  const { includeCurrent } = body.parse(await req.json().catch(() => ({})));
  const ended = await services().sessions.signOutEverywhere(actor, includeCurrent ? null : actor.sessionId);
  return { ended };
});
