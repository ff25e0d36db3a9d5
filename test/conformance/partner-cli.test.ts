import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServices, type Services } from "@/lib/container";
import { loadConfig } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";
import { makeTeam } from "../helpers/teams";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("npm run haven -- partner:create", () => {
  let dataDir: string;
  let services: Services;
  const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "haven-partner-cli-"));
    await cli("user:create", "lead", "--password", "lead-password-1");
    // The team is made through the services on the same database (team:create lives on the teams branch).
    const cfg = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: "" });
    await migrateDatabase(cfg.databaseUrl, { log: () => undefined });
    services = buildServices(cfg);
    await makeTeam(services, (await services.users.findByUsername("lead"))!.id, { name: "Sound Studio" });
  });
  afterAll(async () => {
    await services?.uow.disconnect();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates a partner in the named team with a printed one-time password, or a given one", async () => {
    const out = (await cli("partner:create", "mixer", "--team", "Sound Studio", "--email", "mixer@example.com", "--expires", "2099-12-31")).stdout;
    expect(out).toMatch(/created partner "mixer" \(id \d+\) in team "Sound Studio", expires 2099-12-31 with one-time password: \S{20,} \(must be changed/);
    const mixer = (await services.users.findByUsername("mixer"))!;
    expect(mixer).toMatchObject({ role: "partner", email: "mixer@example.com", mustChangePassword: true });
    const team = (await services.uow.repos.spaces.findTeamByName("Sound Studio"))!;
    expect(await services.uow.repos.spaces.memberRole(team.id, mixer.id)).toBe("partner");
    expect((await services.uow.repos.partners.find(mixer.id))!.expiresAt.toISOString()).toBe("2099-12-31T00:00:00.000Z");
    // The printed password signs in on the web, not over WebDAV (until changed).
    const password = /one-time password: (\S+)/.exec(out)![1]!;
    expect((await services.auth.login("mixer", password, { ip: null, userAgent: null })).user.id).toBe(mixer.id);
    await expect(services.appPasswords.authenticate("mixer", password, null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });

    const given = (await cli("partner:create", "editor2", "--team", "Sound Studio", "--email", "e2@example.com", "--expires", "2099-01-01", "--password", "a given long password")).stdout;
    expect(given).not.toMatch(/password/);
    expect((await services.users.findByUsername("editor2"))!.mustChangePassword).toBe(false);
    expect((await services.appPasswords.authenticate("editor2", "a given long password", null)).userId).toBeGreaterThan(0);
  });

  it("refuses an unknown team, a bad date and missing options", async () => {
    await expect(cli("partner:create", "p1", "--team", "Nope", "--email", "p1@example.com", "--expires", "2099-01-01")).rejects.toMatchObject({ stderr: expect.stringMatching(/No team named "Nope"/) });
    await expect(cli("partner:create", "p2", "--team", "Sound Studio", "--email", "p2@example.com", "--expires", "2099-13-01")).rejects.toMatchObject({ stderr: expect.stringMatching(/YYYY-MM-DD/) });
    await expect(cli("partner:create", "p3", "--team", "Sound Studio", "--email", "p3@example.com", "--expires", "2000-01-01")).rejects.toMatchObject({ stderr: expect.stringMatching(/future/) });
    await expect(cli("partner:create", "p4", "--team", "Sound Studio", "--expires", "2099-01-01")).rejects.toMatchObject({ stderr: expect.stringMatching(/--email/) });
    expect(await services.users.findByUsername("p1")).toBeNull();
  });
});
