import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { requireTool } from "../helpers/tools";

const exec = promisify(execFile);
const hasRclone = requireTool("rclone");

/** rclone's Nextcloud backend: SHA-1 from oc:checksums (check without --download), modification times kept. */
describe.skipIf(!hasRclone)("rclone with vendor=nextcloud", () => {
  let haven: HavenProcess;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const rclone = (...args: string[]) => exec("rclone", ["--config", "/dev/null", "--low-level-retries", "1", "--retries", "1", ...args], { env, maxBuffer: 64 * 1024 * 1024 });

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    const api = new ApiClient(haven.url, await setupAdmin(haven.url, "admin", "admin-password-1"));
    const { password } = await api.ok<{ password: string }>("POST", "/api/me/app-passwords", { name: "rclone nextcloud" });
    work = await mkdtemp(path.join(os.tmpdir(), "haven-rclone-nc-"));
    env = {
      ...process.env,
      RCLONE_CONFIG_NC_TYPE: "webdav",
      RCLONE_CONFIG_NC_URL: `${haven.url}/remote.php/dav/files/admin/`,
      RCLONE_CONFIG_NC_VENDOR: "nextcloud",
      RCLONE_CONFIG_NC_USER: "admin",
      RCLONE_CONFIG_NC_PASS: (await exec("rclone", ["obscure", password])).stdout.trim(),
    };
    const src = path.join(work, "src");
    for (let i = 0; i < 40; i++) {
      const dir = path.join(src, `d${i % 4}`, i % 2 ? "深" : "");
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `f ${i}.bin`);
      await writeFile(file, randomBytes(100 + i * 997));
      const when = new Date(Date.UTC(2020, 0, 1 + i, 12, 0, i));
      await utimes(file, when, when);
    }
  });
  afterAll(async () => {
    await haven?.destroy();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("copies, then `rclone check` compares SHA-1 hashes without downloading", async () => {
    await rclone("copy", path.join(work, "src"), "nc:src");
    const { stderr } = await rclone("check", path.join(work, "src"), "nc:src");
    expect(stderr).toMatch(/\b0 differences found/);
    expect(stderr).toMatch(/40 matching files/);
    expect(stderr).not.toMatch(/hashes could not be checked/);
    const { stdout } = await rclone("hashsum", "sha1", "nc:src/d0");
    expect(stdout.trim().split("\n")).toHaveLength(10);
  });

  // Debian's rclone 1.60 cannot set a time after the upload on this vendor (rclone touch); the PROPPATCH of
  // DAV:lastmodified newer versions send is tested in test/webdav/nextcloud-uploads.test.ts.
  it("keeps modification times", async () => {
    const listed = JSON.parse((await rclone("lsjson", "-R", "--files-only", "nc:src")).stdout) as { Path: string; ModTime: string }[];
    expect(listed).toHaveLength(40);
    for (const entry of listed) {
      const local = await stat(path.join(work, "src", entry.Path));
      expect(Math.floor(new Date(entry.ModTime).getTime() / 1000)).toBe(Math.floor(local.mtimeMs / 1000));
    }
  });
});
