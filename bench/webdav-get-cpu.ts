/**
 * CPU per WebDAV GET of a 4 KiB file with Basic auth, beside the bare Node server (bench/bare-server.mjs), both driven
 * by wrk in the same run: server CPU time (user + system, /proc) over the requests wrk completed. Load-independent
 * enough to compare commits on a busy machine; req/s is printed too but is noise unless the machine is quiet.
 * Needs a build (dist/server.mjs, .next/). BENCH_HAVEN_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the server.
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

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
  await mkdir(path.join(dir, "haven-data"), { recursive: true });
  const small = path.join(dir, "small.bin");
  await writeFile(small, BODY);
  const haven = await BenchHaven.start(ROOT, path.join(dir, "haven-data"), await freePort());
  const bare = await bareNodeServer(small);
  try {
    const cookie = await setupAdmin(haven.url);
    const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
    const { password } = (await created.json()) as { password: string };
    const auth = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
    await fetch(`${haven.url}/dav/small`, { method: "MKCOL", headers: { authorization: auth } });
    const put = await fetch(`${haven.url}/dav/small/s00000.bin`, { method: "PUT", headers: { authorization: auth }, body: BODY });
    if (put.status !== 201) throw new Error(`PUT → ${put.status}`);
    const barePid = Number((await run("sh", ["-c", `ss -ltnpH 'sport = :${new URL(bare.url).port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`])).stdout.trim());
    await wrk(`${haven.url}/dav/small/s00000.bin`, auth, 2, haven.pid); // warm
    await wrk(`${bare.url}s00000.bin`, auth, 2, barePid);
    const h = await wrk(`${haven.url}/dav/small/s00000.bin`, auth, SECONDS, haven.pid);
    const n = await wrk(`${bare.url}s00000.bin`, auth, SECONDS, barePid);
    console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`Haven:     ${h.rps.toFixed(0)} req/s, ${h.cpuUs.toFixed(0)} µs CPU per GET (${h.requests} requests)`);
    console.log(`bare Node: ${n.rps.toFixed(0)} req/s, ${n.cpuUs.toFixed(0)} µs CPU per GET (${n.requests} requests)`);
    console.log(`ratio: ${(h.rps / n.rps).toFixed(2)}× req/s, ${(n.cpuUs / h.cpuUs).toFixed(2)}× by CPU per GET`);
  } finally {
    bare.close();
    await haven.stop();
  }
}

await main();
