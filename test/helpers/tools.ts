import { execFileSync } from "node:child_process";

/**
 * Whether a command-line client (litmus, cadaver, rclone…) is installed. scripts/test.sh installs them;
 * in CI a missing one fails the file at import, elsewhere the caller skips its tests.
 */
export function requireTool(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    if (process.env.CI === "true") throw new Error(`${name} is not installed: apt-get install -y ${name}`);
    return false;
  }
}
