// Haven's admin CLI, like Nextcloud's occ: `npm run haven -- <command>`. Talks to the services directly.
import { randomBytes } from "node:crypto";
import { Command, Option } from "commander";
import { config } from "@/lib/config";
import { services } from "@/lib/container";
import { migrateDatabase } from "@/lib/db/migrate";
import { formatSize, parseSize } from "@/lib/domain/size";
import { isDomainError } from "@/lib/domain/errors";
import { registerSearchCommands } from "./cli/search";
import { registerThumbnailsCommands } from "./cli/thumbnails";
import { registerTeamsExtraCommands } from "./cli/teams-extra";
import { ensureAuthSecret } from "@/server/boot";
import { registerPolicyCommands } from "./cli/policies";
import { registerStorageMaintenanceCommands } from "./cli/storage-maintenance";
import { registerFilesCommands } from "./cli/files";

const program = new Command("haven").description("Haven administration");

function passwordOrGenerated(given: string | undefined): { password: string; generated: boolean } {
  const password = given ?? process.env.HAVEN_PASSWORD;
  return password ? { password, generated: false } : { password: randomBytes(12).toString("base64url"), generated: true };
}

async function userByName(username: string) {
  const user = await services().users.findByUsername(username);
  if (!user) throw new Error(`No user named "${username}".`);
  return user;
}

program
  .command("user:create")
  .description("create an account with a personal space")
  .argument("<username>")
  .option("-p, --password <password>", "password (default: $HAVEN_PASSWORD, else a generated one is printed)")
  .option("-n, --display-name <name>", "display name")
  .option("-e, --email <email>", "email address")
  .option("--admin", "make the account a site administrator")
  .option("-q, --quota <size>", "personal space quota, e.g. 50GiB or unlimited")
  .action(async (username: string, opts: { password?: string; displayName?: string; email?: string; admin?: boolean; quota?: string }) => {
    const { password, generated } = passwordOrGenerated(opts.password);
    const user = await services().users.create(null, {
      username,
      password,
      displayName: opts.displayName,
      email: opts.email,
      role: opts.admin ? "admin" : "user",
      quota: opts.quota !== undefined ? parseSize(opts.quota) : undefined,
    });
    // An admin made here counts as first-run setup; a plain user leaves the setup page open for the admin.
    if (user.role === "admin") await services().setup.markDone();
    console.log(`created ${user.role} "${user.username}" (id ${user.id})${generated ? ` with password: ${password}` : ""}`);
  });

program
  .command("user:list")
  .description("list accounts")
  .addOption(new Option("--json", "print JSON"))
  .action(async (opts: { json?: boolean }) => {
    const users = await services().users.list({ userId: 0, role: "admin" });
    if (opts.json) return console.log(JSON.stringify(users.map(({ passwordHash: _, ...u }) => u), null, 2));
    for (const u of users) {
      const quota = u.quota === null ? "unlimited" : formatSize(u.quota);
      console.log(`${String(u.id).padStart(4)}  ${u.username.padEnd(20)} ${u.role.padEnd(6)} ${u.disabled ? "disabled" : "active  "}  ${formatSize(u.used)} of ${quota}  ${u.displayName}`);
    }
  });

for (const [name, disabled] of [["user:disable", true], ["user:enable", false]] as const) {
  program
    .command(name)
    .description(`${disabled ? "disable" : "enable"} an account${disabled ? " (its sessions end at once)" : ""}`)
    .argument("<username>")
    .action(async (username: string) => {
      const user = await userByName(username);
      await services().users.update(null, user.id, { disabled });
      console.log(`${username} ${disabled ? "disabled" : "enabled"}`);
    });
}

program
  .command("user:reset-password")
  .description("set a new password (its sessions end at once)")
  .argument("<username>")
  .option("-p, --password <password>", "new password (default: $HAVEN_PASSWORD, else a generated one is printed)")
  .action(async (username: string, opts: { password?: string }) => {
    const user = await userByName(username);
    const { password, generated } = passwordOrGenerated(opts.password);
    await services().users.update(null, user.id, { password });
    console.log(`password of ${username} reset${generated ? ` to: ${password}` : ""}`);
  });

program
  .command("user:quota")
  .description("set a personal space quota")
  .argument("<username>")
  .argument("<size>", "e.g. 100GiB or unlimited")
  .action(async (username: string, size: string) => {
    const user = await userByName(username);
    await services().users.update(null, user.id, { quota: parseSize(size) });
    console.log(`quota of ${username} set to ${size}`);
  });

/** The id of an existing folder at `folderPath` ("/a/b") in the user's personal space. */
async function folderIdOf(user: { id: number; role: "admin" | "user" | "partner" }, folderPath: string): Promise<number> {
  const actor = { userId: user.id, role: user.role };
  const root = await services().files.personalRoot(actor);
  const segments = folderPath.split("/").filter(Boolean);
  const { node } = await services().files.resolvePath(actor, root.node.id, segments);
  if (!node || !node.node.isFolder) throw new Error(`No folder "${folderPath}" in that user's files.`);
  return node.node.id;
}

program
  .command("app-password:create")
  .description("create a named app password for WebDAV and other native clients (printed once)")
  .argument("<username>")
  .argument("<name>", 'what it is for, e.g. "Laptop rclone"')
  .option("--read-only", "allow reading only")
  .option("--folder <path>", 'limit it to one folder of the user\'s files, e.g. "/Photos/2024"')
  .action(async (username: string, name: string, opts: { readOnly?: boolean; folder?: string }) => {
    const user = await userByName(username);
    const folderId = opts.folder !== undefined ? await folderIdOf(user, opts.folder) : null;
    const { appPassword, password } = await services().appPasswords.create(null, user.id, { name, readOnly: opts.readOnly ?? false, folderId });
    const limits = [appPassword.readOnly ? "read-only" : null, appPassword.scopePath !== null ? `folder ${appPassword.scopePath}` : null].filter(Boolean);
    console.log(`created app password "${appPassword.name}" (id ${appPassword.id}${limits.map((l) => `, ${l}`).join("")}) for ${username}: ${password}`);
  });

program
  .command("app-password:list")
  .description("list a user's app passwords (never the secrets)")
  .argument("<username>")
  .addOption(new Option("--json", "print JSON"))
  .action(async (username: string, opts: { json?: boolean }) => {
    const user = await userByName(username);
    const list = await services().appPasswords.list(null, user.id);
    if (opts.json) return console.log(JSON.stringify(list, null, 2));
    for (const p of list) {
      console.log(`${String(p.id).padStart(4)}  ${p.name.padEnd(30)} ${p.readOnly ? "read-only " : "read-write"}  ${p.scopePath !== null ? `folder ${p.scopePath || "(deleted)"}` : "all files"}  last used ${p.lastUsedAt?.toISOString() ?? "never"}`);
    }
  });

program
  .command("app-password:revoke")
  .description("revoke an app password by id (clients using it are signed out at once)")
  .argument("<id>")
  .action(async (id: string) => {
    await services().appPasswords.revoke(null, Number(id));
    console.log(`app password ${id} revoked`);
  });

program
  .command("partner:create")
  .description("create a partner account in a team, past the approval queue (a generated password must be changed at the first web sign-in)")
  .argument("<username>")
  .requiredOption("--team <team>", "the team's name")
  .requiredOption("--email <address>", "the partner's email address")
  .requiredOption("--expires <YYYY-MM-DD>", "the first day without access (UTC)")
  .option("--password <p>", "initial password (default: a generated one-time password, printed)")
  .action(async (username: string, opts: { team: string; email: string; expires: string; password?: string }) => {
    const { user, password, generated } = await services().partners.createDirect({ username, team: opts.team, email: opts.email, expiresOn: opts.expires, password: opts.password });
    console.log(
      `created partner "${user.username}" (id ${user.id}) in team "${opts.team}", expires ${opts.expires}` +
        (generated ? ` with one-time password: ${password} (must be changed at the first sign-in on the web; WebDAV refuses it until then)` : ""),
    );
  });

/** The CLI acts as the site: a site admin that is nobody (it is a member of no team). */
const SITE = { userId: 0, role: "admin" as const };

program
  .command("team:create")
  .description("create a team space; the owner becomes its team admin")
  .argument("<name>")
  .requiredOption("--owner <username>", "the team's first admin")
  .option("-q, --quota <size>", "team quota, e.g. 50GiB or unlimited (default: the site's default quota)")
  .action(async (name: string, opts: { owner: string; quota?: string }) => {
    const owner = await userByName(opts.owner);
    const team = await services().teams.create(null, { name, ownerId: owner.id, quota: opts.quota !== undefined ? parseSize(opts.quota) : undefined });
    console.log(`created team "${team.name}" (id ${team.id}) with admin ${owner.username}, quota ${team.quota === null ? "unlimited" : formatSize(team.quota)}`);
  });

program
  .command("team:member")
  .description("add a member to a team, change its role, or remove it (--remove)")
  .argument("<team>", "the team's name")
  .argument("<username>")
  .argument("[role]", "admin, editor or viewer")
  .option("--remove", "remove the member")
  .action(async (teamName: string, username: string, role: string | undefined, opts: { remove?: boolean }) => {
    const team = await services().teams.byName(null, teamName);
    const user = await userByName(username);
    if (opts.remove) {
      if (role !== undefined) throw new Error("Give either a role or --remove.");
      await services().teams.removeMember(null, team.id, user.id);
      return console.log(`removed ${username} from team "${team.name}"`);
    }
    if (role !== "admin" && role !== "editor" && role !== "viewer") throw new Error("The role is admin, editor or viewer (or use --remove).");
    await services().teams.addMember(null, team.id, user.id, role);
    console.log(`${username} is now ${role} of team "${team.name}"`);
  });

program
  .command("team:list")
  .description("list teams with their quota, usage and members")
  .addOption(new Option("--json", "print JSON"))
  .action(async (opts: { json?: boolean }) => {
    const teams = await services().teams.all(SITE);
    const rows = await Promise.all(
      teams.map(async (t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        quota: t.quota,
        usedBytes: t.usedBytes,
        members: (await services().teams.members(SITE, t.id)).map((m) => ({ username: m.username, role: m.role })),
      })),
    );
    if (opts.json) return console.log(JSON.stringify(rows, null, 2));
    for (const t of rows) {
      const quota = t.quota === null ? "unlimited" : formatSize(t.quota);
      console.log(`${String(t.id).padStart(4)}  ${t.name.padEnd(24)} ${formatSize(t.usedBytes)} of ${quota}  ${t.members.map((m) => `${m.username} (${m.role})`).join(", ")}`);
    }
  });

registerSearchCommands(program);
registerThumbnailsCommands(program);
registerTeamsExtraCommands(program);
registerPolicyCommands(program);
registerStorageMaintenanceCommands(program);
registerFilesCommands(program);

async function main() {
  await migrateDatabase(config().databaseUrl, { log: () => undefined });
  // Secrets sealed here (S3 credentials) must open in the server, which uses the same key.
  await ensureAuthSecret(config());
  await program.parseAsync(process.argv);
  await services().uow.disconnect();
}

main().catch((e: unknown) => {
  console.error(`error: ${isDomainError(e) || e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
