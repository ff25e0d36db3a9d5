import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { updateTeamBody } from "@/lib/http/schemas";
import { teamView } from "@/lib/http/team-views";

type P = { id: string };

// GET /api/teams/:id – one team (members and site admins)
export const GET = withActor<P>(async ({ params, actor }) => teamView(await services().teams.get(actor, idParam(params.id))));

// PATCH /api/teams/:id – name, description (team admins); quota, policyId (site admins)
export const PATCH = withActor<P>(async ({ req, params, actor }) => {
  const body = updateTeamBody.parse(await req.json());
  return teamView(await services().teams.updateSettings(actor, idParam(params.id), body));
});

// DELETE /api/teams/:id – delete the team (members lose it at once; a job purges its files)
export const DELETE = withActor<P>(async ({ params, actor }) => {
  await services().teams.delete(actor, idParam(params.id));
  return new Response(null, { status: 204 });
});
