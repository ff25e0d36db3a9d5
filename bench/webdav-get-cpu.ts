/**
 * CPU per WebDAV GET of a 4 KiB file with Basic auth, beside the bare Node server (bench/bare-server.mjs), both driven
 * by wrk in the same run: server CPU time (user + system, /proc) over the requests wrk completed. Load-independent
 * enough to compare commits on a busy machine; req/s is printed too but is noise unless the machine is quiet.
 * Needs a build (dist/server.mjs, .next/). BENCH_HAVEN_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the server.
 * BENCH_BASELINE_ROOT: another built checkout (say of main) measured the same way, its runs interleaved with these.
 * Run: BENCH_DIR=$(mktemp -d) node --import ./scripts/shims/hooks.mjs --import tsx bench/webdav-get-cpu.ts
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { bareNodeServer, ROOT } from "./common";
import { BenchHaven, procCpuSeconds } from "./haven";

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 10);
const BODY = Buffer.alloc(4096, 7);

async function wrk(url: string, auth: string, seconds: number, pid: number): Promise<{ requests: number; rps: number; cpuUs: number }> {
  const cpu0 = procCpuSeconds(pid);
  const { stdout } = await run("wrk", ["-t1", "-c8", `-d${seconds}s`, "-H", `Authorization: ${auth}`, url], { encoding: "utf8" });
  const cpu = procCpuSeconds(pid) - cpu0;
  if (/Non-2xx or 3xx responses/.test(stdout)) throw new Error(`wrk saw error responses:\n${stdout}`);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  return { requests, rps, cpuUs: (cpu / requests) * 1e6 };
}

/** A started Haven with an app password and the 4 KiB file wrk fetches. */
async function havenWithFile(root: string, dataDir: string): Promise<{ haven: BenchHaven; url: string; auth: string }> {
  await mkdir(dataDir, { recursive: true });
  const haven = await BenchHaven.start(root, dataDir, await freePort());
  const cookie = await setupAdmin(haven.url);
  const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
  const { password } = (await created.json()) as { password: string };
  const auth = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
  await fetch(`${haven.url}/dav/small`, { method: "MKCOL", headers: { authorization: auth } });
  const put = await fetch(`${haven.url}/dav/small/s00000.bin`, { method: "PUT", headers: { authorization: auth }, body: BODY });
  if (put.status !== 201) throw new Error(`PUT → ${put.status}`);
  return { haven, url: `${haven.url}/dav/small/s00000.bin`, auth };
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
  const small = path.join(dir, "small.bin");
  await mkdir(dir, { recursive: true });
  await writeFile(small, BODY);
  const baselineRoot = process.env.BENCH_BASELINE_ROOT;
  const targets = [{ name: "Haven", ...(await havenWithFile(ROOT, path.join(dir, "haven-data"))) }];
  if (baselineRoot) targets.push({ name: "baseline", ...(await havenWithFile(baselineRoot, path.join(dir, "baseline-data"))) });
  const bare = await bareNodeServer(small);
  try {
    const barePid = Number((await run("sh", ["-c", `ss -ltnpH 'sport = :${new URL(bare.url).port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`])).stdout.trim());
    const all = [...targets.map((t) => ({ name: t.name, url: t.url, auth: t.auth, pid: t.haven.pid })), { name: "bare Node", url: `${bare.url}s00000.bin`, auth: "Basic Ym9iOnNlY3JldA==", pid: barePid }];
    for (const t of all) await wrk(t.url, t.auth, 2, t.pid); // warm
    const results = new Map(all.map((t) => [t.name, [] as Awaited<ReturnType<typeof wrk>>[]]));
    for (let round = 0; round < 2; round++) for (const t of all) results.get(t.name)!.push(await wrk(t.url, t.auth, SECONDS / 2, t.pid));
    console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    const sum = (name: string) => {
      const rs = results.get(name)!;
      const requests = rs.reduce((a, r) => a + r.requests, 0);
      return { requests, rps: rs.reduce((a, r) => a + r.rps, 0) / rs.length, cpuUs: rs.reduce((a, r) => a + r.cpuUs * r.requests, 0) / requests };
    };
    const n = sum("bare Node");
    for (const t of all) {
      const r = sum(t.name);
      console.log(`${t.name.padEnd(9)}: ${r.rps.toFixed(0)} req/s (${(r.rps / n.rps).toFixed(2)}× bare), ${r.cpuUs.toFixed(0)} µs CPU per GET (${r.requests} requests)`);
    }
  } finally {
    bare.close();
    for (const t of targets) await t.haven.stop();
  }
}

await main();
