import { services } from "@/lib/container";
import { idParam, withActor } from "@/lib/http/api-route";
import { addTeamMemberBody } from "@/lib/http/schemas";
import { teamMemberView } from "@/lib/http/team-views";

type P = { id: string };

// GET /api/teams/:id/members – the team's members with their roles
export const GET = withActor<P>(async ({ params, actor }) => ({ members: (await services().teams.members(actor, idParam(params.id))).map(teamMemberView) }));

// POST /api/teams/:id/members – add a member (or change the role of one)
export const POST = withActor<P>(async ({ req, params, actor }) => {
  const { userId, role } = addTeamMemberBody.parse(await req.json());
  const teamId = idParam(params.id);
  await services().teams.addMember(actor, teamId, userId, role);
  return { members: (await services().teams.members(actor, teamId)).map(teamMemberView) };
}, { status: 201 });
