/**
 * Sequential 4 KiB WebDAV PUTs (issue 13's "2,000 sequential 4 KiB PUTs" row) on one keep-alive connection, taking
 * turns in rounds between this build, optionally baseline builds (BENCH_BASELINE_ROOT: other checkouts with
 * dist/server.mjs and .next, comma-separated), and the bare Node durable PUT (bench/bare-server.mjs: open, write, fdatasync, close).
 * Prints, per server, PUT/s and its ratio to bare Node in the same rounds, plus the server's CPU time per PUT
 * (utime + stime from /proc, the figure load changes least), its system part and its main thread's part (what a
 * sequential request waits for; fsyncs and checkpoints on other threads are not in it).
 * BENCH_DIR: scratch directory (required); BENCH_SMALL_PUTS (400): PUTs per server per round; BENCH_ROUNDS (5).
 * BENCH_HAVEN_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the servers (bench/haven.ts).
 *   BENCH_DIR=$(mktemp -d) node --import ./scripts/shims/hooks.mjs --import tsx bench/put-ab.ts
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { bareNodeServer, median, now, ROOT } from "./common";
import { BenchHaven, procCpuSeconds } from "./haven";

const COUNT = Number(process.env.BENCH_SMALL_PUTS ?? 400);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BODY = Buffer.alloc(4096, 7);

interface Target {
  name: string;
  /** the URL the PUTs go under (a trailing folder, no slash) */
  base: string;
  auth: string;
  pid: number;
  agent: http.Agent;
  rates: number[];
  cpuMs: number[];
  systemMs: number[];
  mainMs: number[];
}

function request(t: Target, url: string, method: string, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: t.agent, headers: { authorization: t.auth, ...(body ? { "content-length": String(body.length) } : {}) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** CPU seconds in system (kernel) mode of a process so far. */
function systemSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[12]) / 100;
}

/** CPU seconds (user + system) of a process's main thread so far: what a sequential request waits for. */
function mainThreadSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function round(t: Target, prefix: string): Promise<void> {
  const cpu0 = procCpuSeconds(t.pid);
  const sys0 = systemSeconds(t.pid);
  const main0 = mainThreadSeconds(t.pid);
  const t0 = now();
  for (let i = 0; i < COUNT; i++) {
    const status = await request(t, `${t.base}/${prefix}${i}.bin`, "PUT", BODY);
    if (status !== 201 && status !== 204) throw new Error(`${t.name}: PUT ${prefix}${i} → ${status}`);
  }
  t.rates.push(COUNT / (now() - t0));
  t.cpuMs.push(((procCpuSeconds(t.pid) - cpu0) * 1000) / COUNT);
  t.systemMs.push(((systemSeconds(t.pid) - sys0) * 1000) / COUNT);
  t.mainMs.push(((mainThreadSeconds(t.pid) - main0) * 1000) / COUNT);
}

async function havenTarget(name: string, root: string, dataDir: string): Promise<{ target: Target; haven: BenchHaven }> {
  await mkdir(dataDir, { recursive: true });
  const haven = await BenchHaven.start(root, dataDir, await freePort());
  const cookie = await setupAdmin(haven.url);
  const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
  const { password } = (await created.json()) as { password: string };
  const target: Target = { name, base: `${haven.url}/dav/put`, auth: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`, pid: haven.pid, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), rates: [], cpuMs: [], systemMs: [], mainMs: [] };
  if ((await request(target, target.base, "MKCOL")) !== 201) throw new Error(`${name}: MKCOL failed`);
  return { target, haven };
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
  const havens: BenchHaven[] = [];
  const targets: Target[] = [];
  const bareDir = path.join(dir, "bare-puts");
  await mkdir(bareDir, { recursive: true });
  const bare = await bareNodeServer(path.join(ROOT, "package.json"), bareDir);
  try {
    const own = await havenTarget("this build", ROOT, path.join(dir, "haven-data"));
    havens.push(own.haven);
    targets.push(own.target);
    // Several baselines: comma-separated roots.
    for (const [i, baselineRoot] of (process.env.BENCH_BASELINE_ROOT ?? "").split(",").filter(Boolean).entries()) {
      const base = await havenTarget(`baseline${i > 0 ? ` ${i + 1}` : ""}`, baselineRoot, path.join(dir, `baseline-data-${i}`));
      havens.push(base.haven);
      targets.push(base.target);
    }
    const barePid = Number(execFileSync("sh", ["-c", `ss -ltnpH 'sport = :${new URL(bare.url).port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`], { encoding: "utf8" }).trim());
    targets.push({ name: "bare Node", base: bare.url.replace(/\/$/, ""), auth: "Basic Ym9iOnNlY3JldA==", pid: barePid, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), rates: [], cpuMs: [], systemMs: [], mainMs: [] });
    for (const t of targets) {
      await round(t, "warm");
      Object.assign(t, { rates: [], cpuMs: [], systemMs: [], mainMs: [] });
    }
    const load0 = os.loadavg()[0]!;
    for (let r = 0; r < ROUNDS; r++) for (const t of targets) await round(t, `r${r}-`);
    const bareRate = median(targets.at(-1)!.rates);
    console.log(`${ROUNDS} rounds of ${COUNT} sequential 4 KiB PUTs each; load average ${load0.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}`);
    for (const t of targets) {
      const rate = median(t.rates);
      console.log(
        `${t.name.padEnd(11)}: ${rate.toFixed(0).padStart(5)} PUT/s (${(rate / bareRate).toFixed(3)}× bare; ${(1000 / rate).toFixed(3)} ms a PUT), ` +
          `CPU ${median(t.cpuMs).toFixed(3)} ms a PUT (system ${median(t.systemMs).toFixed(3)}, main thread ${median(t.mainMs).toFixed(3)}); rounds ${t.rates.map((x) => x.toFixed(0)).join(" ")}`,
      );
    }
  } finally {
    bare.close();
    for (const h of havens) await h.stop();
  }
}

await main();
