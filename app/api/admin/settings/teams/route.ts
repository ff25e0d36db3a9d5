import { services } from "@/lib/container";
import { withActor } from "@/lib/http/api-route";
import { teamSettingsBody } from "@/lib/http/schemas";

// GET /api/admin/settings/teams – whether users (not only site admins) may create teams
export const GET = withActor(async () => ({ usersMayCreateTeams: await services().settings.usersMayCreateTeams() }), { admin: true });

// PUT /api/admin/settings/teams – change it
export const PUT = withActor(async ({ req, actor }) => {
  const { usersMayCreateTeams } = teamSettingsBody.parse(await req.json());
  return { usersMayCreateTeams: await services().settings.setUsersMayCreateTeams(actor, usersMayCreateTeams) };
}, { admin: true });
