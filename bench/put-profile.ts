/**
 * Sequential 4 KiB PUTs against a built Haven, printing the monotonic window of the measured PUTs (microseconds, the
 * clock V8's --cpu-prof uses), so a profile can be cut to them: FROM=… TO=… node prof.mjs file.cpuprofile.
 * BENCH_DIR: scratch; BENCH_SMALL_PUTS (2000); BENCH_HAVEN_NODE_ARGS="--cpu-prof --cpu-prof-dir=…";
 * BENCH_STRACE=<file>: strace -f -T of the server's file syscalls during the measured PUTs.
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/put-profile.ts
 */
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { now, ROOT } from "./common";
import { BenchHaven } from "./haven";

const COUNT = Number(process.env.BENCH_SMALL_PUTS ?? 2000);
const BODY = Buffer.alloc(4096, 7);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const micros = () => Number(process.hrtime.bigint() / 1000n);

function request(url: string, auth: string, method: string, body?: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { authorization: auth, ...(body ? { "content-length": String(body.length) } : {}) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const dir = process.env.BENCH_DIR;
if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
await mkdir(path.join(dir, "haven-data"), { recursive: true });
const haven = await BenchHaven.start(ROOT, path.join(dir, "haven-data"), await freePort());
try {
  const cookie = await setupAdmin(haven.url);
  const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
  const { password } = (await created.json()) as { password: string };
  const auth = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
  await request(`${haven.url}/dav/put`, auth, "MKCOL");
  for (let i = 0; i < 300; i++) await request(`${haven.url}/dav/put/w${i}.bin`, auth, "PUT", BODY);
  const strace = process.env.BENCH_STRACE
    ? spawn("strace", ["-f", "-T", "-ttt", ...(process.env.BENCH_STRACE_ALL ? [] : ["-e", "trace=openat,fdatasync,fsync,pwrite64,write,writev,mkdir,close,futex"]), "-o", process.env.BENCH_STRACE, "-p", String(haven.pid)], { stdio: "ignore" })
    : null;
  if (strace) await new Promise((resolve) => setTimeout(resolve, 1000));
  const from = micros();
  const t0 = now();
  for (let i = 0; i < COUNT; i++) {
    const status = await request(`${haven.url}/dav/put/s${i}.bin`, auth, "PUT", BODY);
    if (status !== 201) throw new Error(`PUT ${i} → ${status}`);
  }
  const rate = COUNT / (now() - t0);
  console.log(JSON.stringify({ from, to: micros(), putsPerSecond: Math.round(rate) }));
  strace?.kill("SIGINT");
} finally {
  await haven.stop();
}
