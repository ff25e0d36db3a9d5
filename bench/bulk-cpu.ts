/**
 * Issue 13's bulk upload alone: files/s and the built server's CPU ms per file (utime + stime from /proc, the figure
 * load changes least) for BENCH_SMALL_PUTS (1000) 4 KiB files, 100 per POST /remote.php/dav/bulk on one connection.
 * BENCH_BASELINE_ROOT: another built checkout (say of main) whose server takes turns with this one, round after round
 * (BENCH_ROUNDS, default 4), so both see the same load. BENCH_HAVEN_NODE_ARGS profiles the servers (bench/haven.ts).
 * Needs a build (dist/). BENCH_DIR: scratch directory on the data disk.
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/bulk-cpu.ts
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { median, now, ROOT } from "./common";
import { BenchHaven } from "./haven";

const COUNT = Number(process.env.BENCH_SMALL_PUTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const BODY = Buffer.alloc(4096, 7);
const PER_REQUEST = 100;
const BOUNDARY = "bulk-cpu-boundary";

/** CPU milliseconds (user + system) and the system part a process has used, from /proc/<pid>/stat (100 Hz ticks). */
function cpuMs(pid: number): { total: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return { total: (Number(fields[11]) + Number(fields[12])) * 10, system: Number(fields[12]) * 10 };
}

/** One built server, signed in, with its own keep-alive connection. */
async function target(name: string, root: string, dir: string) {
  await mkdir(path.join(dir, `${name}-data`), { recursive: true });
  const haven = await BenchHaven.start(root, path.join(dir, `${name}-data`), await freePort());
  const cookie = await setupAdmin(haven.url);
  const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
  const { password } = (await created.json()) as { password: string };
  const auth = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method: string, url: string, body?: Buffer, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(`${haven.url}${url}`, { method, agent, headers: { authorization: auth, ...(body ? { "content-length": String(body.length) } : {}), ...headers } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  /** `count` files into a new folder; files/s and CPU ms per file. */
  const bulk = async (folder: string, count: number) => {
    if ((await request("MKCOL", `/dav/${folder}`)) !== 201) throw new Error(`${name}: MKCOL ${folder}`);
    const cpu0 = cpuMs(haven.pid);
    const t0 = now();
    for (let first = 0; first < count; first += PER_REQUEST) {
      const parts = Array.from({ length: Math.min(PER_REQUEST, count - first) }, (_, i) => [
        Buffer.from(`--${BOUNDARY}\r\nX-File-Path: /${folder}/b${first + i}.bin\r\nX-File-Mtime: 1700000000\r\nContent-Length: ${BODY.length}\r\n\r\n`),
        BODY,
        Buffer.from("\r\n"),
      ]).flat();
      const status = await request("POST", "/remote.php/dav/bulk", Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]), { "content-type": `multipart/related; boundary=${BOUNDARY}` });
      if (status !== 200) throw new Error(`${name}: bulk at ${first} → ${status}`);
    }
    const seconds = now() - t0;
    const cpu = cpuMs(haven.pid);
    return { filesPerSecond: count / seconds, cpuMsPerFile: (cpu.total - cpu0.total) / count, systemMsPerFile: (cpu.system - cpu0.system) / count };
  };
  return { name, haven, bulk, close: async () => (agent.destroy(), await haven.stop()) };
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
  const targets = [await target("this", ROOT, dir)];
  if (process.env.BENCH_BASELINE_ROOT) targets.unshift(await target("baseline", process.env.BENCH_BASELINE_ROOT, dir));
  try {
    for (const t of targets) await t.bulk("warm", 200);
    const runs = new Map(targets.map((t) => [t.name, [] as Awaited<ReturnType<typeof t.bulk>>[]]));
    for (let round = 0; round < ROUNDS; round++) for (const t of targets) runs.get(t.name)!.push(await t.bulk(`round${round}`, COUNT));
    const summary = Object.fromEntries(
      [...runs].map(([name, rs]) => [
        name,
        {
          filesPerSecond: Math.round(median(rs.map((r) => r.filesPerSecond))),
          cpuMsPerFile: +median(rs.map((r) => r.cpuMsPerFile)).toFixed(3),
          systemMsPerFile: +median(rs.map((r) => r.systemMsPerFile)).toFixed(3),
          runs: rs.map((r) => `${Math.round(r.filesPerSecond)}/s ${r.cpuMsPerFile.toFixed(2)}ms`),
        },
      ]),
    );
    console.log(JSON.stringify({ load: os.loadavg().map((l) => l.toFixed(2)), count: COUNT, rounds: ROUNDS, ...summary }, null, 1));
  } finally {
    for (const t of targets) await t.close();
  }
}

await main();
