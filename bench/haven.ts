import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/** The built server (dist/server.mjs) as a direct child, so its pid is the server's own. */
export class BenchHaven {
  private readonly output: string[] = [];
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  static async start(root: string, dataDir: string, port: number): Promise<BenchHaven> {
    const url = `http://127.0.0.1:${port}`;
    // BENCH_HAVEN_NODE_ARGS: extra node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env.BENCH_HAVEN_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, path.join(root, "dist/server.mjs")], {
      cwd: root,
      // MALLOC_ARENA_MAX as `npm start` and the Docker image set it.
      env: { MALLOC_ARENA_MAX: "2", ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", AUTH_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // A crashed or interrupted bench must not leave the server running.
    process.once("exit", () => child.kill("SIGKILL"));
    const haven = new BenchHaven(child, url);
    child.stdout!.on("data", (d: Buffer) => haven.output.push(d.toString()));
    child.stderr!.on("data", (d: Buffer) => haven.output.push(d.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`haven exited early:\n${haven.output.join("")}`);
      if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) {
        child.once("exit", (code, signal) => {
          if (!haven.stopping) console.error(`haven exited unexpectedly (${signal ?? code}):\n${haven.output.join("")}`);
        });
        return haven;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    child.kill("SIGKILL");
    throw new Error(`haven did not become healthy:\n${haven.output.join("")}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.stopping = true;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.kill("SIGTERM");
    await exited;
  }
}

/** Fields of /proc/<pid>/status in bytes (kB in the file). */
export function procStatusBytes(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}

/** User + system CPU seconds a process has used so far (/proc/<pid>/stat, fields 14 and 15). */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Minor page faults a process has taken so far (/proc/<pid>/stat, field 10): fresh memory costs one per 4 KiB. */
export function procMinorFaults(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[7]);
}

/** Samples a process's VmRSS every `intervalMs`, keeping the overall peak and the peak of the current phase. */
export class RssSampler {
  peak = 0;
  private phasePeak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Starts a new phase; returns the peak of the phase that just ended. */
  phase(): number {
    this.sample();
    const p = this.phasePeak;
    this.phasePeak = 0;
    return p;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    try {
      const rss = procStatusBytes(this.pid, "VmRSS");
      this.peak = Math.max(this.peak, rss);
      this.phasePeak = Math.max(this.phasePeak, rss);
    } catch {
      // the process has exited
    }
  }
}
