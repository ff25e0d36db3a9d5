// Makes a team space (kind "team") with an admin in the e2e server's database, for specs that need one before the
// team CLI (team:create, on the teams branch) is merged:
//   node --import scripts/shims/hooks.mjs --import tsx e2e/make-team.ts <name> <admin username>   (DATA_DIR set)
import { services } from "@/lib/container";
import { makeTeam } from "../test/helpers/teams";

async function main() {
  const [name, admin] = process.argv.slice(2);
  const user = await services().users.findByUsername(admin!);
  if (!user) throw new Error(`no user ${admin}`);
  const existing = await services().uow.repos.partners.teamByName(name!);
  const team = existing ? { spaceId: existing.id } : await makeTeam(services(), user.id, { name });
  console.log(JSON.stringify({ spaceId: team.spaceId }));
  await services().uow.disconnect();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
