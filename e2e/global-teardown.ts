import { readFile, rm } from "node:fs/promises";
import { serverStatePath, type ServerState } from "./server-state";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the server the global setup started (SIGTERM, then SIGKILL after 10 s) and removes its temp dir. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { havenE2eSmtp?: { close(): Promise<void> } }).havenE2eSmtp?.close();
  const statePath = serverStatePath();
  let state: ServerState;
  try {
    state = JSON.parse(await readFile(statePath, "utf8")) as ServerState;
  } catch {
    return; // the setup failed before starting anything
  }
  if (alive(state.pid)) {
    process.kill(state.pid, "SIGTERM");
    const deadline = Date.now() + 10_000;
    while (alive(state.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (alive(state.pid)) process.kill(state.pid, "SIGKILL");
  }
  await rm(state.workDir, { recursive: true, force: true });
  await rm(statePath, { force: true });
}
