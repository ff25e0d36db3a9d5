import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

type TeamRow = { id: number; name: string; quota: number | null; usedBytes: number; members: { username: string; role: string }[] };

describe("team CLI (npm run haven -- team:…)", () => {
  let dataDir: string;
  const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } });
  const list = async () => JSON.parse((await cli("team:list", "--json")).stdout) as TeamRow[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "haven-team-cli-"));
    for (const name of ["olga", "ed", "vic"]) await cli("user:create", name, "--password", `${name}-password-1`);
  }, 120_000);
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it("creates teams, adds, changes and removes members, and lists them", async () => {
    expect((await cli("team:create", "Design", "--owner", "olga", "--quota", "50GiB")).stdout).toMatch(/created team "Design" \(id \d+\) with admin olga, quota 50(\.0)? GiB/);
    await cli("team:create", "Ops", "--owner", "ed");
    expect((await cli("team:member", "Design", "ed", "editor")).stdout).toMatch(/ed is now editor of team "Design"/);
    await cli("team:member", "Design", "vic", "viewer");
    let teams = await list();
    expect(teams.map((t) => [t.name, t.quota])).toEqual([["Design", 50 * 1024 ** 3], ["Ops", 100 * 1024 ** 3]]);
    expect(teams[0]!.members).toEqual([
      { username: "olga", role: "admin" },
      { username: "ed", role: "editor" },
      { username: "vic", role: "viewer" },
    ]);
    await cli("team:member", "Design", "vic", "admin");
    expect((await cli("team:member", "Design", "olga", "--remove")).stdout).toMatch(/removed olga from team "Design"/);
    teams = await list();
    expect(teams[0]!.members).toEqual([
      { username: "ed", role: "editor" },
      { username: "vic", role: "admin" },
    ]);
    expect((await cli("team:list")).stdout).toMatch(/Design\s+0 B of 50(\.0)? GiB\s+ed \(editor\), vic \(admin\)/);
  });

  it("refuses what the rules refuse, with the reason", async () => {
    await expect(cli("team:create", "Design", "--owner", "vic")).rejects.toMatchObject({ stderr: expect.stringMatching(/exists already/) });
    await expect(cli("team:create", "Nobody's", "--owner", "nobody")).rejects.toMatchObject({ stderr: expect.stringMatching(/No user named "nobody"/) });
    await expect(cli("team:create", "X")).rejects.toMatchObject({ stderr: expect.stringMatching(/--owner/) });
    await expect(cli("team:member", "Design", "ed", "owner")).rejects.toMatchObject({ stderr: expect.stringMatching(/admin, editor or viewer/) });
    await expect(cli("team:member", "Nope", "ed", "viewer")).rejects.toMatchObject({ stderr: expect.stringMatching(/No such team/) });
    await expect(cli("team:member", "Ops", "ed", "--remove")).rejects.toMatchObject({ stderr: expect.stringMatching(/at least one admin/) });
    await expect(cli("team:member", "Ops", "vic", "--remove")).rejects.toMatchObject({ stderr: expect.stringMatching(/not a member/) });
  });
});
