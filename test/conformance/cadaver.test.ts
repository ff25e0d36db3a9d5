import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HavenProcess, setupAdmin } from "../helpers/haven-server";
import { requireTool } from "../helpers/tools";

const hasCadaver = requireTool("cadaver");

/** Runs a cadaver script against a URL, with credentials from a throwaway ~/.netrc. */
function cadaver(url: string, home: string, script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("cadaver", [url], { cwd: home, env: { ...process.env, HOME: home }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(out);
    });
    child.on("error", reject);
    child.stdin.end(script);
  });
}

describe.skipIf(!hasCadaver)("cadaver against the built server", () => {
  let haven: HavenProcess;
  let home: string;
  beforeAll(async () => {
    haven = await HavenProcess.create();
    await haven.start();
    await setupAdmin(haven.url, "admin", "admin-password-1");
    home = await mkdtemp(path.join(os.tmpdir(), "haven-cadaver-"));
    await writeFile(path.join(home, ".netrc"), "machine localhost\nlogin admin\npassword admin-password-1\n");
    await chmod(path.join(home, ".netrc"), 0o600);
  });
  afterAll(async () => {
    await haven?.destroy();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("runs put, get, mkcol, move, lock, delete and rmcol", async () => {
    await writeFile(path.join(home, "local.txt"), "hello from cadaver 季度\n");
    const out = await cadaver(
      `${haven.url}/dav/`,
      home,
      ["mkcol docs", "put local.txt docs/a.txt", "ls docs", "move docs/a.txt docs/b.txt", "get docs/b.txt back.txt", "lock docs/b.txt", "unlock docs/b.txt", "delete docs/b.txt", "ls docs", "rmcol docs", "quit", ""].join("\n"),
    );
    expect(out).not.toMatch(/failed/i);
    expect(out.match(/succeeded/g)?.length).toBeGreaterThanOrEqual(9);
    expect(out).toContain("collection is empty");
    expect(await readFile(path.join(home, "back.txt"), "utf8")).toBe("hello from cadaver 季度\n");
  });
});
