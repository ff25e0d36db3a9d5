import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("admin CLI (npm run haven -- …)", () => {
  let dataDir: string;
  const cli = (...args: string[]) => run(process.execPath, [path.join(ROOT, "scripts/run-cli.mjs"), ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" } });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "haven-cli-"));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it("creates, lists, disables and re-enables users, sets quotas and passwords", async () => {
    expect((await cli("user:create", "carol", "--password", "carol-password-1", "--display-name", "Carol 卡罗尔", "--quota", "2GiB")).stdout).toMatch(/created user "carol"/);
    const generated = await cli("user:create", "boss", "--admin");
    expect(generated.stdout).toMatch(/created admin "boss" \(id \d+\) with password: \S{12,}/);
    let users = JSON.parse((await cli("user:list", "--json")).stdout) as { username: string; role: string; disabled: boolean; quota: number | null; passwordHash?: string }[];
    expect(users.map((u) => [u.username, u.role, u.quota])).toEqual([["carol", "user", 2 * 1024 ** 3], ["boss", "admin", 100 * 1024 ** 3]]);
    expect(users[0]!.passwordHash).toBeUndefined();
    await cli("user:disable", "carol");
    await cli("user:quota", "carol", "unlimited");
    users = JSON.parse((await cli("user:list", "--json")).stdout);
    expect(users[0]).toMatchObject({ disabled: true, quota: null });
    await cli("user:enable", "carol");
    expect((await cli("user:reset-password", "carol")).stdout).toMatch(/reset to: \S{12,}/);
    await expect(cli("user:create", "carol", "--password", "carol-password-1")).rejects.toMatchObject({ stderr: expect.stringMatching(/taken/) });
    await expect(cli("user:quota", "carol", "lots")).rejects.toMatchObject({ stderr: expect.stringMatching(/not a size/) });
    await expect(cli("user:disable", "nobody")).rejects.toMatchObject({ stderr: expect.stringMatching(/No user named "nobody"/) });
  });
});
