import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { changeTeamMemberBody } from "@/lib/http/schemas";
import { teamMemberView } from "@/lib/http/team-views";

type P = { id: string; userId: string };

// PATCH /api/teams/:id/members/:userId – change a member's role
export const PATCH = withActor<P>(async ({ req, params, actor }) => {
  const { role } = changeTeamMemberBody.parse(await req.json());
  const teamId = idParam(params.id);
  await services().teams.changeRole(actor, teamId, idParam(params.userId), role);
  return { members: (await services().teams.members(actor, teamId)).map(teamMemberView) };
});

// DELETE /api/teams/:id/members/:userId – remove a member (its next request no longer reaches the team)
export const DELETE = withActor<P>(async ({ params, actor }) => {
  await services().teams.removeMember(actor, idParam(params.id), idParam(params.userId));
  return new Response(null, { status: 204 });
});
