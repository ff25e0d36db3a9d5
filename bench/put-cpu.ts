/**
 * Issue 13's small-write figures in one short run, load-independent first: the built server's CPU time (utime + stime
 * of its process, /proc) per sequential 4 KiB PUT and per file of a 100-file bulk upload; then PUT/s beside the bare
 * Node server (bench/bare-server.mjs: fdatasync per body), measured back-to-back so both see the same load.
 * Needs a build (dist/). BENCH_DIR: scratch directory; BENCH_SMALL_PUTS (1000): PUTs and bulk files per figure.
 * BENCH_HAVEN_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the server (bench/haven.ts).
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/put-cpu.ts
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { bareNodeServer, now, ROOT } from "./common";
import { BenchHaven } from "./haven";

const COUNT = Number(process.env.BENCH_SMALL_PUTS ?? 1000);
const BODY = Buffer.alloc(4096, 7);
const PER_REQUEST = 100;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(url: string, auth: string, method: string, body?: Buffer, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { authorization: auth, ...(body ? { "content-length": String(body.length) } : {}), ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** CPU milliseconds a process has used in user and in system (kernel) mode, from /proc/<pid>/stat (100 Hz ticks). */
function cpuMs(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** CPU milliseconds per item since `before`, user + system and the system part alone. */
function perItem(pid: number, before: { user: number; system: number }, items: number): { total: string; system: string } {
  const after = cpuMs(pid);
  return { total: ((after.user + after.system - before.user - before.system) / items).toFixed(3), system: ((after.system - before.system) / items).toFixed(3) };
}

async function puts(base: string, auth: string, prefix: string): Promise<number> {
  const t0 = now();
  for (let i = 0; i < COUNT; i++) {
    const status = await request(`${base}/${prefix}${i}.bin`, auth, "PUT", BODY);
    if (status !== 201 && status !== 204) throw new Error(`PUT ${prefix}${i} → ${status}`);
  }
  return COUNT / (now() - t0);
}

async function bulk(base: string, auth: string, folder: string): Promise<number> {
  const boundary = "put-cpu-boundary";
  const t0 = now();
  for (let first = 0; first < COUNT; first += PER_REQUEST) {
    const parts = Array.from({ length: Math.min(PER_REQUEST, COUNT - first) }, (_, i) => [
      Buffer.from(`--${boundary}\r\nX-File-Path: ${folder}/b${first + i}.bin\r\nX-File-Mtime: 1700000000\r\nContent-Length: ${BODY.length}\r\n\r\n`),
      BODY,
      Buffer.from("\r\n"),
    ]).flat();
    const status = await request(`${base}/remote.php/dav/bulk`, auth, "POST", Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), { "content-type": `multipart/related; boundary=${boundary}` });
    if (status !== 200) throw new Error(`bulk at ${first} → ${status}`);
  }
  return COUNT / (now() - t0);
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
  await mkdir(path.join(dir, "haven-data"), { recursive: true });
  await mkdir(path.join(dir, "bare-puts"), { recursive: true });
  const haven = await BenchHaven.start(ROOT, path.join(dir, "haven-data"), await freePort());
  const bare = await bareNodeServer(path.join(ROOT, "package.json"), path.join(dir, "bare-puts"));
  try {
    const cookie = await setupAdmin(haven.url);
    const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
    const { password } = (await created.json()) as { password: string };
    const auth = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
    for (const folder of ["warm", "put", "bulk"]) await request(`${haven.url}/dav/${folder}`, auth, "MKCOL");
    await puts(`${haven.url}/dav/warm`, auth, "w");

    let cpu0 = cpuMs(haven.pid);
    const havenRate = await puts(`${haven.url}/dav/put`, auth, "s");
    const putCpu = perItem(haven.pid, cpu0, COUNT);
    const bareRate = await puts(bare.url.replace(/\/$/, ""), "Basic Ym9iOnNlY3JldA==", "s");
    cpu0 = cpuMs(haven.pid);
    const bulkRate = await bulk(haven.url, auth, "/bulk");
    const bulkCpu = perItem(haven.pid, cpu0, COUNT);
    console.log(
      JSON.stringify({
        load: os.loadavg()[0]!.toFixed(2),
        count: COUNT,
        put: { cpuMsPerPut: putCpu.total, systemMsPerPut: putCpu.system, havenPerSecond: Math.round(havenRate), barePerSecond: Math.round(bareRate), ratio: (havenRate / bareRate).toFixed(3) },
        bulk: { cpuMsPerFile: bulkCpu.total, systemMsPerFile: bulkCpu.system, filesPerSecond: Math.round(bulkRate) },
      }),
    );
  } finally {
    bare.close();
    await haven.stop();
  }
}

await main();
