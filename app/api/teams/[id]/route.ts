import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { deleteTeamBody, updateTeamBody } from "@/lib/http/schemas";
import { teamView } from "@/lib/http/team-views";

type P = { id: string };

// GET /api/teams/:id – one team (members and site admins)
export const GET = withActor<P>(async ({ params, actor }) => teamView(await services().teams.get(actor, idParam(params.id))));

// PATCH /api/teams/:id – name, description (team admins); quota, policyId (site admins)
export const PATCH = withActor<P>(async ({ req, params, actor }) => {
  const body = updateTeamBody.parse(await req.json());
  return teamView(await services().teams.updateSettings(actor, idParam(params.id), body));
});

// DELETE /api/teams/:id {mode: "purge"} | {mode: "transfer", toUserId | toTeamId} – delete the team (members lose it at
// once); its files move to the chosen space, or a job purges them (also without a body)
export const DELETE = withActor<P>(async ({ req, params, actor }) => {
  const text = await req.text();
  const how = deleteTeamBody.parse(text.trim() ? JSON.parse(text) : { mode: "purge" });
  await services().teams.delete(actor, idParam(params.id), how);
  return new Response(null, { status: 204 });
});
