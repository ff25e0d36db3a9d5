import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";

// DELETE /api/me/sessions/:id – sign out one of the user's sessions (it is refused from its next request on)
export const DELETE = withActor<{ id: string }>(async ({ actor, params }) => {
  await services().sessions.revoke(actor, params.id);
  return new Response(null, { status: 204 });
});
