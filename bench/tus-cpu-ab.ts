/**
 * Where a 1 GiB tus upload's server CPU goes, this build beside another (BENCH_BASELINE_ROOT), taking turns: curl
 * uploads (POST, then one PATCH with the whole file), each followed by waiting for its SHA-1 in oc:checksums (a build
 * that fills SHA-1 by a job after the commit does that work then). Per upload: wall seconds, and user and system
 * CPU seconds of the server's main thread, of its busiest other thread (the hashing thread) and of all the rest
 * (the libuv pool's writes and fdatasyncs, GC), during the upload and until the SHA-1 shows. User CPU moves least
 * with the machine's load; system CPU grows with page-cache pressure from whatever else writes to the disk.
 * BENCH_SIZE_MIB (1024), BENCH_ROUNDS (4), BENCH_DIR (scratch on the data disk). Needs builds (dist/).
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/tus-cpu-ab.ts
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { makeRandomFile } from "../test/helpers/files";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { curlOutput, MB, median, MiB, now, ROOT, secondsUntilSha1 } from "./common";
import { BenchHaven } from "./haven";

const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

type Cpu = { user: number; sys: number };
/** User and system CPU seconds of each thread of a process, by thread id. */
function threads(pid: number): Map<number, Cpu> {
  const out = new Map<number, Cpu>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(tid), { user: Number(f[11]) / 100, sys: Number(f[12]) / 100 });
    } catch {
      // ended
    }
  }
  return out;
}

type Split = { main: Cpu; hash: Cpu; rest: Cpu };
function split(pid: number, before: Map<number, Cpu>, after: Map<number, Cpu>): Split {
  const d = (tid: number): Cpu => ({ user: after.get(tid)!.user - (before.get(tid)?.user ?? 0), sys: after.get(tid)!.sys - (before.get(tid)?.sys ?? 0) });
  const others = [...after.keys()].filter((t) => t !== pid).map((t) => ({ t, c: d(t) }));
  const busiest = others.sort((a, b) => b.c.user + b.c.sys - (a.c.user + a.c.sys))[0];
  const rest = others.slice(1).reduce((s, o) => ({ user: s.user + o.c.user, sys: s.sys + o.c.sys }), { user: 0, sys: 0 });
  return { main: d(pid), hash: busiest?.c ?? { user: 0, sys: 0 }, rest };
}

async function upload(url: string, cookie: string, parentId: number, file: string, name: string): Promise<number> {
  const t0 = now();
  const b64 = (v: string) => Buffer.from(v).toString("base64");
  const created = await curlOutput(["-X", "POST", "-D", "-", "-o", "/dev/null", "-H", `Cookie: ${cookie}`, "-H", "Tus-Resumable: 1.0.0", "-H", `Upload-Length: ${SIZE}`, "-H", `Upload-Metadata: filename ${b64(name)},parentId ${b64(String(parentId))}`, `${url}/api/upload/`]);
  const location = /^location:\s*(\S+)/im.exec(created)?.[1];
  if (!location) throw new Error(`tus creation failed:\n${created}`);
  const patched = await curlOutput(["-X", "PATCH", "-T", file, "-D", "-", "-o", "/dev/null", "-H", `Cookie: ${cookie}`, "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream", new URL(location, url).href]);
  if (!/^HTTP\/\S+ 204/m.test(patched)) throw new Error(`tus PATCH failed:\n${patched}`);
  return now() - t0;
}

function waitForSha1(url: string, name: string): Promise<number> {
  return secondsUntilSha1(`${url}/remote.php/dav/files/admin/${name}`, `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`, "0");
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
  const source = path.join(dir, "random.bin");
  await makeRandomFile(source, SIZE);
  const roots: [string, string][] = [["this", ROOT], ...(process.env.BENCH_BASELINE_ROOT ? [["baseline", process.env.BENCH_BASELINE_ROOT] as [string, string]] : [])];
  const servers = [];
  for (const [name, root] of roots) {
    await mkdir(path.join(dir, `${name}-data`), { recursive: true });
    const haven = await BenchHaven.start(root, path.join(dir, `${name}-data`), await freePort());
    const cookie = await setupAdmin(haven.url);
    const rootId = ((await (await fetch(`${haven.url}/api/nodes/root`, { headers: { cookie } })).json()) as { id: number }).id;
    servers.push({ name, haven, cookie, rootId, runs: [] as { seconds: number; lag: number; upload: Split; total: Split }[] });
  }
  const f = (c: Cpu) => `${c.user.toFixed(2)}u+${c.sys.toFixed(2)}s`;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
        const pid = s.haven.pid;
        const t0 = threads(pid);
        const name = `u-${round}.bin`;
        const seconds = await upload(s.haven.url, s.cookie, s.rootId, source, name);
        const t1 = threads(pid);
        const lag = await waitForSha1(s.haven.url, name);
        const t2 = threads(pid);
        const run = { seconds, lag, upload: split(pid, t0, t1), total: split(pid, t0, t2) };
        s.runs.push(run);
        console.log(`round ${round + 1} ${s.name}: ${(SIZE / MB / seconds).toFixed(0)} MB/s; during the upload main ${f(run.upload.main)}, hashing ${f(run.upload.hash)}, rest ${f(run.upload.rest)}; SHA-1 after ${lag.toFixed(2)} s, until then main ${f(run.total.main)}, busiest other ${f(run.total.hash)}, rest ${f(run.total.rest)} (load ${os.loadavg()[0]!.toFixed(2)})`);
      }
    }
    for (const s of servers) {
      const m = (pick: (r: (typeof s.runs)[number]) => number) => median(s.runs.map(pick)).toFixed(2);
      console.log(
        `${s.name} medians: ${(SIZE / MB / median(s.runs.map((r) => r.seconds))).toFixed(0)} MB/s; upload: main ${m((r) => r.upload.main.user)}u+${m((r) => r.upload.main.sys)}s, hashing ${m((r) => r.upload.hash.user)}u+${m((r) => r.upload.hash.sys)}s, rest ${m((r) => r.upload.rest.user)}u+${m((r) => r.upload.rest.sys)}s; ` +
          `with the SHA-1 (after ${m((r) => r.lag)} s): all threads ${m((r) => r.total.main.user + r.total.hash.user + r.total.rest.user)}u+${m((r) => r.total.main.sys + r.total.hash.sys + r.total.rest.sys)}s`,
      );
    }
  } finally {
    for (const s of servers) await s.haven.stop();
  }
}

await main();
