import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { createTeamBody } from "@/lib/http/schemas";
import { teamView } from "@/lib/http/team-views";

// GET /api/teams – the caller's teams (?all=1: every team, site admins), and whether it may create one
export const GET = withActor(async ({ req, actor }) => {
  const all = new URL(req.url).searchParams.get("all") === "1";
  const teams = all ? await services().teams.all(actor) : await services().teams.mine(actor);
  return { teams: teams.map(teamView), canCreate: await services().teams.canCreate(actor) };
});

// POST /api/teams – create a team; the caller becomes its admin
export const POST = withActor(async ({ req, actor }) => {
  const body = createTeamBody.parse(await req.json());
  return teamView(await services().teams.create(actor, body));
}, { status: 201 });
