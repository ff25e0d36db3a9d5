import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { requireTool } from "../helpers/tools";

const exec = promisify(execFile);

const hasRclone = requireTool("rclone");

type Node = { id: number; name: string; isFolder: boolean };

describe.skipIf(!hasRclone)("rclone against the built server (app password from the REST API)", () => {
  let haven: HavenProcess;
  let api: ApiClient;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const rclone = async (...args: string[]) => (await exec("rclone", ["--config", "/dev/null", "--low-level-retries", "1", "--retries", "1", ...args], { env, maxBuffer: 64 * 1024 * 1024 })).stdout;

  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    api = new ApiClient(haven.url, await setupAdmin(haven.url, "admin", "admin-password-1"));
    const { password } = await api.ok<{ password: string }>("POST", "/api/me/app-passwords", { name: "rclone test" });
    const obscured = (await exec("rclone", ["obscure", password])).stdout.trim();
    work = await mkdtemp(path.join(os.tmpdir(), "haven-rclone-"));
    env = {
      ...process.env,
      RCLONE_CONFIG_HAVEN_TYPE: "webdav",
      RCLONE_CONFIG_HAVEN_URL: `${haven.url}/dav/`,
      RCLONE_CONFIG_HAVEN_VENDOR: "other",
      RCLONE_CONFIG_HAVEN_USER: "admin",
      RCLONE_CONFIG_HAVEN_PASS: obscured,
      RCLONE_CONFIG_NC_TYPE: "webdav",
      RCLONE_CONFIG_NC_URL: `${haven.url}/remote.php/dav/files/admin/`,
      RCLONE_CONFIG_NC_VENDOR: "nextcloud",
      RCLONE_CONFIG_NC_USER: "admin",
      RCLONE_CONFIG_NC_PASS: obscured,
    };
    const src = path.join(work, "src");
    for (let d = 0; d < 10; d++) {
      await mkdir(path.join(src, `dir ${d}`, "nested"), { recursive: true });
      for (let f = 0; f < 30; f++) await writeFile(path.join(src, `dir ${d}`, f % 3 ? `f${f}.txt` : path.join("nested", `季度 ${f}.txt`)), `file ${d}/${f} ${randomBytes(8).toString("hex")}`);
    }
    await writeFile(path.join(src, "big.bin"), randomBytes(24 * 1024 * 1024));
  });
  afterAll(async () => {
    await haven?.destroy();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("copies a tree (vendor other), checks it by downloading, and syncs it back identically", async () => {
    await rclone("copy", path.join(work, "src"), "haven:backup", "--transfers", "4");
    await rclone("check", path.join(work, "src"), "haven:backup", "--download");
    await rclone("sync", "haven:backup", path.join(work, "back"));
    await rclone("check", path.join(work, "src"), path.join(work, "back"));
    expect(await readFile(path.join(work, "back", "dir 3", "nested", "季度 3.txt"), "utf8")).toMatch(/^file 3\/3 /);
  });

  it("deletes and renames through rclone, and the browser's API sees it", async () => {
    await rclone("deletefile", "haven:backup/dir 0/f1.txt");
    await rclone("moveto", "haven:backup/dir 1", "haven:backup/renamed");
    const root = await api.ok<Node>("GET", "/api/nodes/root");
    const top = await api.ok<{ items: Node[] }>("GET", `/api/nodes/${root.id}/children`);
    const backup = top.items.find((n) => n.name === "backup")!;
    const names = (await api.ok<{ items: Node[] }>("GET", `/api/nodes/${backup.id}/children?limit=100`)).items.map((n) => n.name);
    expect(names).toContain("renamed");
    expect(names).not.toContain("dir 1");
    const dir0 = (await api.ok<{ items: Node[] }>("GET", `/api/nodes/${backup.id}/children?limit=100`)).items.find((n) => n.name === "dir 0")!;
    expect((await api.ok<{ items: Node[] }>("GET", `/api/nodes/${dir0.id}/children?limit=100`)).items.map((n) => n.name)).not.toContain("f1.txt");
  });

  it("works as vendor nextcloud on /remote.php/dav/files/<user>/, keeping modification times", async () => {
    await rclone("copy", path.join(work, "src", "dir 5"), "nc:nc-copy", "--transfers", "4");
    await rclone("check", path.join(work, "src", "dir 5"), "nc:nc-copy", "--download");
    const listing = JSON.parse(await rclone("lsjson", "nc:nc-copy", "--recursive")) as { Path: string; ModTime: string }[];
    const local = JSON.parse(await rclone("lsjson", path.join(work, "src", "dir 5"), "--recursive")) as { Path: string; ModTime: string }[];
    const remoteTime = new Map(listing.map((e) => [e.Path, Date.parse(e.ModTime)]));
    for (const e of local.filter((x) => x.Path.endsWith(".txt"))) expect(Math.abs(remoteTime.get(e.Path)! - Date.parse(e.ModTime))).toBeLessThan(1500);
  });

  it("lists and revokes the app password through the REST API", async () => {
    const { items } = await api.ok<{ items: { id: number; name: string; lastUsedAt: string | null }[] }>("GET", "/api/me/app-passwords");
    expect(items.map((p) => p.name)).toEqual(["rclone test"]);
    expect(items[0]!.lastUsedAt).not.toBeNull();
    await api.ok("DELETE", `/api/me/app-passwords/${items[0]!.id}`);
    await expect(rclone("lsd", "haven:")).rejects.toThrow();
  });
});
