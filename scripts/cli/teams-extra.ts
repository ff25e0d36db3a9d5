// Team commands beyond create/member/list (scripts/cli.ts): `npm run haven -- team:delete …`.
import type { Command } from "commander";
import { services } from "@/lib/container";

export function registerTeamsExtraCommands(program: Command): void {
  program
    .command("team:delete")
    .description("delete a team: its files move into a folder \"From team <name>\" of a user's personal space (--transfer-to), or are purged by a job")
    .argument("<team>", "the team's name")
    .option("--transfer-to <username>", "the account whose personal space receives the team's files (its quota must have room)")
    .action(async (teamName: string, opts: { transferTo?: string }) => {
      const team = await services().teams.byName(null, teamName);
      if (opts.transferTo === undefined) {
        await services().teams.delete(null, team.id, { mode: "purge" });
        return console.log(`deleted team "${team.name}"; its files are purged in the background`);
      }
      const user = await services().users.findByUsername(opts.transferTo);
      if (!user) throw new Error(`No user named "${opts.transferTo}".`);
      await services().teams.delete(null, team.id, { mode: "transfer", toUserId: user.id });
      console.log(`deleted team "${team.name}"; its files are now in ${user.username}'s folder "From team ${team.name}"`);
    });
}
