/**
 * `npm run bench` (through bench/run.sh): 1 GiB through Haven's tus upload and byte download, peak server
 * RSS, and references measured in the same run on the same disk. Prints figures, never pass/fail.
 * BENCH_DIR (required) holds every temp file and the data dir; BENCH_SIZE_MIB (default 1024) for quick runs;
 * BENCH_UPLOAD_RUNS (default 3); BENCH_HAVEN_NODE_ARGS passes node flags to the server (profiling).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as tus from "tus-js-client";
import { makeRandomFile } from "../test/helpers/files";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { bareNodeServer, curl, MB, median, MiB, now, printRows, ROOT, round3 } from "./common";
import { BenchHaven, procCpuSeconds, procStatusBytes, RssSampler } from "./haven";

const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB;
const CHUNK = 50 * MiB;
const DOWNLOAD_RUNS = 3;
/** Uploads, each between two dd runs (BENCH_UPLOAD_RUNS); the median ratio is reported, every run is printed. */
const UPLOAD_RUNS = Number(process.env.BENCH_UPLOAD_RUNS ?? 3);

const mbps = (bytes: number, seconds: number) => bytes / MB / seconds;

/** Runs dd and returns the seconds it reports ("… copied, 1.23 s, 870 MB/s" on stderr). */
function dd(...args: string[]): number {
  const run = spawnSync("dd", args, { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
  const m = /copied, ([\d.e+-]+) s/.exec(run.stderr);
  if (run.status !== 0 || !m) throw new Error(`dd ${args.join(" ")} failed: ${run.stderr}`);
  return Number(m[1]);
}

/** Downloads the whole file with curl into /dev/null; returns seconds (curl's time_total). Async, so the RSS sampler keeps running. */
function curlDownload(url: string, cookie?: string): Promise<number> {
  return curl([...(cookie ? ["-H", `Cookie: ${cookie}`] : []), url], { status: [200], bytes: SIZE });
}

type Patch = { bytes: number; seconds: number };

/**
 * Uploads through tus-js-client from a file stream; returns the node id, the total time and each PATCH's
 * bytes and duration (the final PATCH's response waits for Haven's hash + fsync + commit).
 */
async function tusUpload(url: string, cookie: string, parentId: number, file: string) {
  const t0 = now();
  const patches: Patch[] = [];
  const started = new Map<tus.HttpRequest, number>();
  return new Promise<{ nodeId: number; seconds: number; patches: Patch[] }>((resolve, reject) => {
    const upload = new tus.Upload(createReadStream(file) as unknown as tus.Upload["file"], {
      endpoint: `${url}/api/upload/`,
      uploadSize: SIZE,
      chunkSize: CHUNK,
      retryDelays: [],
      headers: { cookie },
      metadata: { filename: "bench.bin", parentId: String(parentId) },
      onBeforeRequest(req) {
        started.set(req, now());
      },
      onAfterResponse(req, res) {
        if (req.getMethod() !== "PATCH") return;
        const bytes = Number(res.getHeader("Upload-Offset")) - Number(req.getHeader("Upload-Offset"));
        patches.push({ bytes, seconds: now() - started.get(req)! });
      },
      onError: reject,
      onSuccess({ lastResponse }) {
        resolve({ nodeId: Number(lastResponse.getHeader("Haven-Node-Id")), seconds: now() - t0, patches });
      },
    });
    upload.start();
  });
}

/** From PATCH timings: the rate of the non-final PATCHes, and how long the final one took beyond that rate. */
function splitPatches(patches: Patch[]): { bodyMbps: number; finalSeconds: number; finishSeconds: number } {
  const body = patches.slice(0, -1);
  const last = patches.at(-1)!;
  const rate = body.length ? body.reduce((s, p) => s + p.bytes, 0) / body.reduce((s, p) => s + p.seconds, 0) : Infinity;
  return { bodyMbps: rate / MB, finalSeconds: last.seconds, finishSeconds: Math.max(0, last.seconds - last.bytes / rate) };
}

async function sha256Seconds(file: string): Promise<number> {
  const t0 = now();
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: MiB }) as AsyncIterable<Buffer>) hash.update(chunk);
  hash.digest();
  return now() - t0;
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory (bench/run.sh sets it)");
  const source = path.join(dir, "random.bin");
  const ddFile = path.join(dir, "dd.bin");
  const dataDir = path.join(dir, "data");
  const fs = execFileSync("df", ["--output=source,fstype,target", dir], { encoding: "utf8" }).trim().split("\n")[1]!.trim().split(/\s+/);
  const loadAvg = os.loadavg()[0]!;
  console.log(`bench: ${SIZE / MiB} MiB, scratch and data dir under ${dir} (${fs[1]} on ${fs[0]}, mounted at ${fs[2]})`);
  console.log(`bench: ${os.cpus().length} CPUs, load average ${loadAvg.toFixed(2)} (other work on the machine skews every figure)`);

  console.log("bench: generating the random source file");
  await makeRandomFile(source, SIZE);

  console.log("bench: references (dd write with fdatasync, page-cache read, sha256 in Node)");
  // Virtual disks vary from minute to minute: dd writes once before and once after the upload, the mean is the reference.
  const ddWrite = () => dd("if=/dev/zero", `of=${ddFile}`, "bs=1M", `count=${SIZE / MiB}`, "conv=fdatasync");
  const ddWriteBeforeS = ddWrite();
  dd(`if=${ddFile}`, "of=/dev/null", "bs=1M"); // warm
  const ddReadS = dd(`if=${ddFile}`, "of=/dev/null", "bs=1M");
  await rm(ddFile);
  await sha256Seconds(source); // warm
  const shaS = await sha256Seconds(source);

  console.log("bench: starting Haven (dist/server.mjs)");
  await mkdir(dataDir);
  const haven = await BenchHaven.start(ROOT, dataDir, await freePort());
  const bare = await bareNodeServer(source);
  const rss = new RssSampler(haven.pid, 100);
  try {
    const cookie = await setupAdmin(haven.url);
    const root = (await (await fetch(`${haven.url}/api/nodes/root`, { headers: { cookie } })).json()) as { id: number };
    const idleRss = rss.phase();

    console.log(`bench: tus upload (${UPLOAD_RUNS} runs, each between two dd runs)`);
    const ddRunsS = [ddWriteBeforeS];
    const uploads: { up: Awaited<ReturnType<typeof tusUpload>>; cpu: number; ddMbps: number; ratio: number }[] = [];
    for (let i = 0; i < UPLOAD_RUNS; i++) {
      const cpu0 = procCpuSeconds(haven.pid);
      const up = await tusUpload(haven.url, cookie, root.id, source);
      const cpu = procCpuSeconds(haven.pid) - cpu0;
      ddRunsS.push(ddWrite());
      await rm(ddFile);
      const ddMbps = (mbps(SIZE, ddRunsS.at(-2)!) + mbps(SIZE, ddRunsS.at(-1)!)) / 2;
      uploads.push({ up, cpu, ddMbps, ratio: mbps(SIZE, up.seconds) / ddMbps });
    }
    const uploadRss = rss.phase();
    const medianRun = [...uploads].sort((a, b) => a.ratio - b.ratio)[Math.floor(uploads.length / 2)]!;
    const { up, cpu: uploadCpu, ddMbps } = medianRun;

    console.log(`bench: downloads (${DOWNLOAD_RUNS} runs each, interleaved)`);
    const havenRuns: number[] = [];
    const bareRuns: number[] = [];
    const cpu0 = procCpuSeconds(haven.pid);
    for (let i = 0; i < DOWNLOAD_RUNS; i++) {
      havenRuns.push(await curlDownload(`${haven.url}/api/files/${up.nodeId}/content`, cookie));
      bareRuns.push(await curlDownload(bare.url));
    }
    const downloadCpu = (procCpuSeconds(haven.pid) - cpu0) / DOWNLOAD_RUNS;
    const downloadRss = rss.phase();
    const hwm = procStatusBytes(haven.pid, "VmHWM");

    const r = {
      sizeBytes: SIZE,
      dataDir,
      loadAverageAtStart: loadAvg,
      filesystem: { source: fs[0], type: fs[1], mount: fs[2] },
      upload: {
        mbps: mbps(SIZE, up.seconds),
        seconds: up.seconds,
        patches: up.patches.length,
        ...splitPatches(up.patches),
        serverCpuSeconds: uploadCpu,
        runs: uploads.map((u) => ({ mbps: mbps(SIZE, u.up.seconds), ddMbps: u.ddMbps, ratio: u.ratio })),
      },
      download: { mbps: mbps(SIZE, median(havenRuns)), runsSeconds: havenRuns, serverCpuSecondsPerRun: downloadCpu },
      rss: { peakBytes: rss.peak, vmHwmBytes: hwm, idleBytes: idleRss, uploadBytes: uploadRss, downloadBytes: downloadRss },
      references: {
        ddFdatasyncWriteMbps: ddMbps,
        ddFdatasyncWriteRunsMbps: ddRunsS.map((sec) => mbps(SIZE, sec)),
        pageCacheReadMbps: mbps(SIZE, ddReadS),
        bareNodeDownloadMbps: mbps(SIZE, median(bareRuns)),
        bareNodeRunsSeconds: bareRuns,
        nodeSha256Mbps: mbps(SIZE, shaS),
      },
      ratios: {
        uploadVsDd: { value: mbps(SIZE, up.seconds) / ddMbps, target: ">= 0.6" },
        downloadVsBareNode: { value: median(bareRuns) / median(havenRuns), target: ">= 0.9" },
        peakRssMB: { value: Math.max(rss.peak, hwm) / MB, target: "< 300" },
      },
    };
    printTable(r);
    await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
    await writeFile(path.join(ROOT, "bench/results/latest.json"), `${JSON.stringify({ at: new Date().toISOString(), ...r }, round3, 2)}\n`);
    console.log("\nbench: wrote bench/results/latest.json");
  } finally {
    rss.stop();
    bare.close();
    await haven.stop();
  }
}

type Results = {
  upload: { mbps: number; seconds: number; patches: number; bodyMbps: number; finalSeconds: number; finishSeconds: number; serverCpuSeconds: number; runs: { mbps: number; ddMbps: number; ratio: number }[] };
  download: { mbps: number; serverCpuSecondsPerRun: number };
  rss: { peakBytes: number; vmHwmBytes: number; idleBytes: number; uploadBytes: number; downloadBytes: number };
  references: { ddFdatasyncWriteMbps: number; ddFdatasyncWriteRunsMbps: number[]; pageCacheReadMbps: number; bareNodeDownloadMbps: number; nodeSha256Mbps: number };
  ratios: Record<"uploadVsDd" | "downloadVsBareNode" | "peakRssMB", { value: number; target: string }>;
};

function printTable(r: Results): void {
  const f = (n: number) => n.toFixed(0);
  const x = (n: number) => `${n.toFixed(2)}×`;
  const rows: string[][] = [
    ["measure", "Haven", "reference (same run)", "ratio", "target"],
    [`upload ${SIZE / MiB} MiB, tus 50 MiB chunks (median run)`, `${f(r.upload.mbps)} MB/s`, `dd conv=fdatasync ${f(r.references.ddFdatasyncWriteMbps)} MB/s (dd before and after it)`, x(r.ratios.uploadVsDd.value), "≥ 0.60×"],
    ["download /api/files/:id/content", `${f(r.download.mbps)} MB/s`, `bare node:http stream ${f(r.references.bareNodeDownloadMbps)} MB/s`, x(r.ratios.downloadVsBareNode.value), "≥ 0.90×"],
    ["peak server RSS (100 ms samples)", `${f(r.rss.peakBytes / MB)} MB`, `VmHWM ${f(r.rss.vmHwmBytes / MB)} MB`, "", "< 300 MB"],
  ];
  printRows(rows);
  console.log(`
details:
  upload runs: ${r.upload.runs.map((u) => `${f(u.mbps)} MB/s vs dd ${f(u.ddMbps)} (${x(u.ratio)})`).join(", ")}
  dd runs (before, between and after the uploads): ${r.references.ddFdatasyncWriteRunsMbps.map(f).join(" / ")} MB/s
  median upload: ${r.upload.seconds.toFixed(2)} s, ${r.upload.patches} PATCHes; the non-final ones ran at ${f(r.upload.bodyMbps)} MB/s; the final one took ${r.upload.finalSeconds.toFixed(2)} s,
          about ${r.upload.finishSeconds.toFixed(2)} s of it after its body at that rate (hash + fsync + commit); server CPU ${r.upload.serverCpuSeconds.toFixed(2)} s
  download: server CPU ${r.download.serverCpuSecondsPerRun.toFixed(2)} s per run (median of ${DOWNLOAD_RUNS} runs, curl to /dev/null, both servers on 127.0.0.1)
  RSS peaks: idle after sign-in ${f(r.rss.idleBytes / MB)} MB, upload ${f(r.rss.uploadBytes / MB)} MB, download ${f(r.rss.downloadBytes / MB)} MB
  each upload's reference is the mean of the dd runs just before and after it
  other references: page-cache read (dd) ${f(r.references.pageCacheReadMbps)} MB/s, sha256 in Node from page cache ${f(r.references.nodeSha256Mbps)} MB/s
  MB = 10^6 bytes, as dd reports`);
}

main().catch((e: unknown) => {
  console.error("bench failed:", e);
  process.exit(1);
});
