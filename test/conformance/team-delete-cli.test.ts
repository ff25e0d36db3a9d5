import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

type TeamRow = { name: string };

describe("team:delete CLI (npm run haven -- team:delete <team> [--transfer-to <username>])", () => {
  let dataDir: string;
  const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } });
  const teams = async () => (JSON.parse((await cli("team:list", "--json")).stdout) as TeamRow[]).map((t) => t.name);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "haven-team-delete-cli-"));
    await cli("user:create", "olga", "--password", "olga-password-1");
    await cli("team:create", "Design", "--owner", "olga");
    await cli("team:create", "Ops", "--owner", "olga");
  }, 120_000);
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it("transfers into a user's space or purges, and refuses unknown names with the reason", async () => {
    await expect(cli("team:delete", "Nope")).rejects.toMatchObject({ stderr: expect.stringMatching(/No such team/) });
    await expect(cli("team:delete", "Design", "--transfer-to", "nobody")).rejects.toMatchObject({ stderr: expect.stringMatching(/No user named "nobody"/) });
    expect(await teams()).toEqual(["Design", "Ops"]);
    expect((await cli("team:delete", "Design", "--transfer-to", "olga")).stdout).toMatch(/deleted team "Design"; its files are now in olga's folder "From team Design"/);
    expect((await cli("team:delete", "Ops")).stdout).toMatch(/deleted team "Ops"; its files are purged in the background/);
    expect(await teams()).toEqual([]);
  });
});
