import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "../helpers/api-client";
import { makeRandomFile } from "../helpers/files";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { requireTool } from "../helpers/tools";

const exec = promisify(execFile);

const hasRclone = requireTool("rclone");

/** The size the issue asks for: 2,000 small files in folders, plus one 1 GiB file. */
const SMALL_FILES = 2000;
const BIG_BYTES = 1024 ** 3;

/** How long each step took, printed at the end so the CI log shows what this suite costs. */
const timings: [string, number][] = [];
async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings.push([step, (performance.now() - start) / 1000]);
  }
}

type Node = { id: number; name: string; isFolder: boolean };

describe.skipIf(!hasRclone)("rclone against the built server (app password from the REST API)", () => {
  let haven: HavenProcess;
  let api: ApiClient;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => exec("rclone", ["--config", "/dev/null", "--low-level-retries", "1", "--retries", "1", ...args], { env, maxBuffer: 64 * 1024 * 1024 });
  const rclone = async (...args: string[]) => (await run(...args)).stdout;
  /** `rclone check`, which must report 0 differences (it also exits non-zero on any). */
  const check = async (...args: string[]) => {
    const { stderr } = await run("check", ...args);
    expect(stderr).toMatch(/\b0 differences found/);
    expect(stderr).not.toMatch(/ERROR/);
  };

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
    const dirs = 20;
    for (let d = 0; d < dirs; d++) {
      await mkdir(path.join(src, `dir ${d}`, "nested"), { recursive: true });
      for (let f = 0; f < SMALL_FILES / dirs; f++) {
        const name = f % 3 ? `f${f}.txt` : path.join("nested", `季度 ${f}.txt`);
        await writeFile(path.join(src, `dir ${d}`, name), `file ${d}/${f} ${randomBytes(8 + (f % 50) * 40).toString("hex")}`);
      }
    }
    await timed("write the 1 GiB source file", () => makeRandomFile(path.join(src, "big.bin"), BIG_BYTES));
  });
  afterAll(async () => {
    await haven?.destroy();
    if (work) await rm(work, { recursive: true, force: true });
    if (timings.length > 0) console.log(`rclone timings:\n${timings.map(([step, s]) => `  ${s.toFixed(1).padStart(7)} s  ${step}`).join("\n")}`);
  });

  it("copies 2,000 small files and a 1 GiB file (vendor other), checks them by downloading, and syncs them back identically", async () => {
    const src = path.join(work, "src");
    await timed(`rclone copy (${SMALL_FILES} small files + 1 GiB) into /dav/`, () => rclone("copy", src, "haven:backup", "--transfers", "8", "--checkers", "8"));
    await timed("rclone check --download", () => check(src, "haven:backup", "--download", "--checkers", "8"));
    await timed("rclone sync back to a fresh local dir", () => rclone("sync", "haven:backup", path.join(work, "back"), "--transfers", "8", "--checkers", "8"));
    await timed("compare the local copies (rclone check and diff -r)", async () => {
      await check(src, path.join(work, "back"));
      await exec("diff", ["-r", "-q", src, path.join(work, "back")]);
    });
    const count = (await exec("find", [path.join(work, "back"), "-type", "f"], { maxBuffer: 16 * 1024 * 1024 })).stdout.trim().split("\n").length;
    expect(count).toBe(SMALL_FILES + 1);
    expect(await readFile(path.join(work, "back", "dir 3", "nested", "季度 3.txt"), "utf8")).toMatch(/^file 3\/3 /);
  });

  it("deletes and renames through rclone, and the browser's API sees it", async () => {
    await rclone("deletefile", "haven:backup/dir 0/f1.txt");
    await rclone("moveto", "haven:backup/dir 1", "haven:backup/renamed");
    await rclone("moveto", "haven:backup/dir 2/f2.txt", "haven:backup/dir 2/f2 renamed.txt");
    const dir2 = await api.ok<Node>("GET", `/api/nodes/root`).then(async (root) => {
      const backupId = (await api.ok<{ items: Node[] }>("GET", `/api/nodes/${root.id}/children`)).items.find((n) => n.name === "backup")!.id;
      const id = (await api.ok<{ items: Node[] }>("GET", `/api/nodes/${backupId}/children?limit=100`)).items.find((n) => n.name === "dir 2")!.id;
      return (await api.ok<{ items: Node[] }>("GET", `/api/nodes/${id}/children?limit=1000`)).items.map((n) => n.name);
    });
    expect(dir2).toContain("f2 renamed.txt");
    expect(dir2).not.toContain("f2.txt");
    // Deleted through rclone means in the trash, where the browser shows it.
    const trash = await api.ok<{ items: { name: string; originalPath: string }[] }>("GET", "/api/trash");
    expect(trash.items).toEqual(expect.arrayContaining([expect.objectContaining({ name: "f1.txt", originalPath: "/backup/dir 0" })]));
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
    await rclone("copy", path.join(work, "src", "dir 5"), "nc:nc-copy", "--transfers", "8");
    await check(path.join(work, "src", "dir 5"), "nc:nc-copy", "--download");
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
