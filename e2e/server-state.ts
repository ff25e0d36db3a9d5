import os from "node:os";
import path from "node:path";

/** The project folder (where dist/ and .next/ live). */
export const ROOT = path.resolve(import.meta.dirname, "..");

/** What the global setup started, so the teardown can stop it and remove its temp dir. */
export type ServerState = { pid: number; workDir: string; dataDir: string; url: string; port: number; logPath: string };

/** Global setup and teardown run in the same runner process: its pid keys the state file. */
export function serverStatePath(): string {
  return path.join(os.tmpdir(), `haven-e2e-server-${process.pid}.json`);
}
