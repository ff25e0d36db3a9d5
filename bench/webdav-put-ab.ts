/**
 * The 1 GiB WebDAV PUT row of `npm run bench -- webdav` alone, repeated: Haven's PUT beside Apache mod_dav's in the
 * same run, BENCH_ROUNDS (5) rounds of Apache, this build and (with BENCH_BASELINE_ROOT, another built checkout such as
 * main) the baseline, taking turns, so a ratio that moves between runs can be told from noise. Prints each run and the
 * median ratios (Apache's seconds over Haven's: ≥ 1.0 is as fast), and each Haven's CPU seconds per PUT (utime + stime
 * of its process: what load changes least, where the wall-clock ratio swings with the disk and the machine's load). BENCH_SIZE_MIB (1024); BENCH_DIR: scratch on the
 * data disk. Needs builds (dist/) and apache2.
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/webdav-put-ab.ts
 */
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { makeRandomFile } from "../test/helpers/files";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { curl, MB, median, MiB, ROOT, secondsUntilSha1 } from "./common";
import { BenchHaven, procCpuSeconds } from "./haven";
import { BenchApache } from "./webdav-apache";

const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

type Target = { name: string; url: string; auth: string; pid?: number };

async function haven(name: string, root: string, dir: string): Promise<{ target: Target; server: BenchHaven }> {
  await mkdir(path.join(dir, `${name}-data`), { recursive: true });
  const server = await BenchHaven.start(root, path.join(dir, `${name}-data`), await freePort());
  const cookie = await setupAdmin(server.url);
  const created = await fetch(`${server.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: server.url }, body: JSON.stringify({ name: "bench" }) });
  const { password } = (await created.json()) as { password: string };
  return { server, target: { name, url: server.url, auth: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`, pid: server.pid } };
}

/** Seconds until the file's oc:checksums carries a SHA-1 (at once where it is hashed while receiving). */
function sha1Lag(t: Target, href: string): Promise<number> {
  return secondsUntilSha1(`${t.url}${href}`, t.auth, "0");
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory");
  const source = path.join(dir, "random.bin");
  await makeRandomFile(source, SIZE);
  const apacheUser = { username: "bench", password: "bench-password-1" };
  const apache = await BenchApache.start(path.join(dir, "apache"), await freePort(), apacheUser);
  const servers = [await haven("this", ROOT, dir)];
  if (process.env.BENCH_BASELINE_ROOT) servers.push(await haven("baseline", process.env.BENCH_BASELINE_ROOT, dir));
  const targets: Target[] = [
    { name: "apache", url: apache.url, auth: `Basic ${Buffer.from(`${apacheUser.username}:${apacheUser.password}`).toString("base64")}` },
    ...servers.map((s) => s.target),
  ];
  const seconds = new Map(targets.map((t) => [t.name, [] as number[]]));
  const cpuSeconds = new Map(targets.map((t) => [t.name, [] as number[]]));
  const sha1LagSeconds = new Map(targets.map((t) => [t.name, [] as number[]]));
  const cpuWithSha1 = new Map(targets.map((t) => [t.name, [] as number[]]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of round % 2 === 0 ? targets : [...targets].reverse()) {
        const cpu0 = t.pid ? procCpuSeconds(t.pid) : 0;
        seconds.get(t.name)!.push(await curl(["-H", `Authorization: ${t.auth}`, "-T", source, `${t.url}/dav/big-${round}.bin`], { status: [201] }));
        if (t.pid) {
          cpuSeconds.get(t.name)!.push(procCpuSeconds(t.pid) - cpu0);
          // A SHA-1 filled by a job after the commit: waited for (not run into the next PUT) and its CPU counted.
          const lag = await sha1Lag(t, `/dav/big-${round}.bin`);
          sha1LagSeconds.get(t.name)!.push(lag);
          cpuWithSha1.get(t.name)!.push(procCpuSeconds(t.pid) - cpu0);
        }
      }
      console.log(`round ${round + 1}: ${targets.map((t) => `${t.name} ${(SIZE / MB / seconds.get(t.name)!.at(-1)!).toFixed(0)} MB/s`).join(", ")} (load ${os.loadavg()[0]!.toFixed(2)})`);
    }
    const apacheSeconds = seconds.get("apache")!;
    const summary = Object.fromEntries(
      servers.map(({ target }) => {
        const own = seconds.get(target.name)!;
        const cpu = cpuSeconds.get(target.name)!;
        return [
          target.name,
          { medianMBps: +(SIZE / MB / median(own)).toFixed(1), ratioOfMedians: +(median(apacheSeconds) / median(own)).toFixed(3), ratioPerRound: own.map((s, i) => +(apacheSeconds[i]! / s).toFixed(3)), serverCpuSecondsMedian: +median(cpu).toFixed(2), serverCpuSeconds: cpu.map((c) => +c.toFixed(2)), sha1LagSecondsMedian: +median(sha1LagSeconds.get(target.name)!).toFixed(2), serverCpuSecondsWithSha1Median: +median(cpuWithSha1.get(target.name)!).toFixed(2) },
        ];
      }),
    );
    console.log(JSON.stringify({ sizeMiB: SIZE / MiB, rounds: ROUNDS, apacheMedianMBps: +(SIZE / MB / median(apacheSeconds)).toFixed(1), ...summary }, null, 1));
  } finally {
    await apache.stop();
    for (const s of servers) await s.server.stop();
  }
}

await main();
