/**
 * `npm run bench` (through bench/run.sh): 1 GiB through Haven's tus upload and byte download, peak server
 * RSS, and references measured in the same run on the same disk. Prints figures, never pass/fail.
 * BENCH_DIR (required) holds every temp file and the data dir; BENCH_SIZE_MIB (default 1024) for quick runs;
 * BENCH_UPLOAD_RUNS (default 3); BENCH_HAVEN_NODE_ARGS passes node flags to the server (profiling).
 * BENCH_CLIENT_READ_KIB (default 1024): the piece size the tus client reads its file in (64 is tus-js-client's own).
 * BENCH_BASELINE_ROOT: another checkout with a build (dist/server.mjs, .next) whose server takes turns with this one
 * for the uploads (an interleaved same-run A/B: baseline, this, baseline, this, …, each between two dd runs).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as tus from "tus-js-client";
import { makeRandomFile } from "../test/helpers/files";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { bareNodeServer, curl, curlOutput, MB, median, MiB, now, printRows, ROOT, round3, secondsUntilSha1 } from "./common";
import { BenchHaven, procCpuSeconds, procMinorFaults, procStatusBytes, RssSampler } from "./haven";

const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB;
const CHUNK = 50 * MiB;
const DOWNLOAD_RUNS = 3;
/** Uploads, each between two dd runs (BENCH_UPLOAD_RUNS); the median ratio is reported, every run is printed. */
const UPLOAD_RUNS = Number(process.env.BENCH_UPLOAD_RUNS ?? 3);

const mbps = (bytes: number, seconds: number) => bytes / MB / seconds;

/** CPU seconds of each thread of a process so far (/proc/<pid>/task), by thread id. */
function threadCpuSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread has ended
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100); // USER_HZ
  }
  return out;
}

/**
 * A server's CPU seconds between two threadCpuSeconds readings: its main thread's, and its busiest other thread's
 * (during an upload, the hashing thread: Node names all its threads "node", so it is told apart by its load).
 */
function threadCpuBetween(pid: number, before: Map<number, number>, after: Map<number, number>): { main: number; busiestOther: number } {
  let busiestOther = 0;
  for (const [tid, seconds] of after) if (tid !== pid) busiestOther = Math.max(busiestOther, seconds - (before.get(tid) ?? 0));
  return { main: (after.get(pid) ?? 0) - (before.get(pid) ?? 0), busiestOther };
}

/** This process's (the tus client's) CPU seconds so far. */
const clientCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

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

/**
 * tus-js-client's Node file source reads each PATCH body in fs.createReadStream's 64 KiB pieces, each one a read,
 * a progress Transform step and a socket write: 1.0–1.5 CPU-s of the client per 512 MiB, on the same cores as the
 * server (session 8). This source reads the same byte ranges in larger pieces.
 */
const CLIENT_READ_BYTES = Number(process.env.BENCH_CLIENT_READ_KIB ?? 1024) * 1024;
const largeReadFileReader: NonNullable<tus.UploadOptions["fileReader"]> = {
  async openFile(input: ReturnType<typeof createReadStream>) {
    const file = String(input.path);
    input.destroy();
    const size = (await stat(file)).size;
    return {
      size,
      async slice(start: number, end: number) {
        end = Math.min(end, size);
        const body = Object.assign(createReadStream(file, { start, end: end - 1, highWaterMark: CLIENT_READ_BYTES }), { size: end - start });
        return { value: body, done: end >= size };
      },
      close() {},
    };
  },
};

type Patch = { bytes: number; seconds: number };
type UploadRun = { up: Awaited<ReturnType<typeof tusUpload>>; cpu: number; sha1LagSeconds: number; cpuWithSha1: number; mainCpu: number; hashCpu: number; faults: number; clientCpu: number; ddMbps: number; ratio: number };

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
      fileReader: largeReadFileReader,
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

/**
 * The same tus upload driven by curl, the client of the floor row: a POST creating the upload, then one PATCH from
 * offset 0 with the whole file as its body (curl -T streams it). The server does what it does for tus-js-client's
 * PATCHes (hash while receiving, fsync, commit), without tus-js-client's CPU on the same cores.
 */
async function curlTusUpload(url: string, cookie: string, parentId: number, file: string) {
  const t0 = now();
  const b64 = (v: string) => Buffer.from(v).toString("base64");
  const created = await curlOutput([
    "-X", "POST", "-D", "-", "-o", "/dev/null",
    "-H", `Cookie: ${cookie}`, "-H", "Tus-Resumable: 1.0.0", "-H", `Upload-Length: ${SIZE}`,
    "-H", `Upload-Metadata: filename ${b64("bench-curl.bin")},parentId ${b64(String(parentId))}`,
    `${url}/api/upload/`,
  ]);
  const location = /^location:\s*(\S+)/im.exec(created)?.[1];
  if (!/^HTTP\/\S+ 201/.test(created) || !location) throw new Error(`tus creation failed:\n${created}`);
  const patched = await curlOutput([
    "-X", "PATCH", "-T", file, "-D", "-", "-o", "/dev/null",
    "-H", `Cookie: ${cookie}`, "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream",
    new URL(location, url).href,
  ]);
  const nodeId = /^haven-node-id:\s*(\d+)/im.exec(patched)?.[1];
  if (!/^HTTP\/\S+ 204/m.test(patched) || !nodeId) throw new Error(`tus PATCH failed:\n${patched}`);
  return { nodeId: Number(nodeId), seconds: now() - t0, patches: [{ bytes: SIZE, seconds: now() - t0 }] };
}

/** Seconds until every file in the root folder shows a SHA-1 (secondsUntilSha1). */
function waitForSha1(url: string): Promise<number> {
  return secondsUntilSha1(`${url}/remote.php/dav/files/admin/`, `Basic ${Buffer.from("admin:admin-password-1").toString("base64")}`, "1");
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
  console.log(`bench: ${os.cpus().length} CPUs, load average ${loadAvg.toFixed(2)} (other work on the machine skews every figure); the client reads ${CLIENT_READ_BYTES / 1024} KiB pieces`);

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
  const baselineRoot = process.env.BENCH_BASELINE_ROOT;
  let baseline: BenchHaven | undefined;
  if (baselineRoot) {
    console.log(`bench: starting the baseline Haven (${baselineRoot}/dist/server.mjs)`);
    await mkdir(`${dataDir}-baseline`);
    baseline = await BenchHaven.start(baselineRoot, `${dataDir}-baseline`, await freePort());
  }
  // Also the floor for receiving in Node: bare-server.mjs's durable PUT (write each socket read, fdatasync; no
  // hashing, no database) fed by curl, the lightest client, measured in each round beside dd and the uploads.
  const bareDir = path.join(dir, "bare-put");
  await mkdir(bareDir);
  const bare = await bareNodeServer(source, bareDir);
  const rss = new RssSampler(haven.pid, 100);
  const baselineRss = baseline && new RssSampler(baseline.pid, 100);
  try {
    const cookie = await setupAdmin(haven.url);
    const root = (await (await fetch(`${haven.url}/api/nodes/root`, { headers: { cookie } })).json()) as { id: number };
    const baselineCookie = baseline && (await setupAdmin(baseline.url));
    const baselineRootId = baseline && ((await (await fetch(`${baseline.url}/api/nodes/root`, { headers: { cookie: baselineCookie! } })).json()) as { id: number }).id;
    const idleRss = rss.phase();

    console.log(`bench: tus upload (${UPLOAD_RUNS} runs${baseline ? " each of the baseline and this build, taking turns" : ""}, each between two dd runs)`);
    const ddRunsS = [ddWriteBeforeS];
    const bareUploadRuns: { mbps: number; ddMbps: number }[] = [];
    const measureBareUpload = async () => {
      const seconds = await curl(["-T", source, `${bare.url}put`], { status: [201] });
      await rm(bareDir, { recursive: true });
      await mkdir(bareDir);
      const ddBefore = ddRunsS.at(-1)!;
      ddRunsS.push(ddWrite());
      await rm(ddFile);
      bareUploadRuns.push({ mbps: mbps(SIZE, seconds), ddMbps: (mbps(SIZE, ddBefore) + mbps(SIZE, ddRunsS.at(-1)!)) / 2 });
    };
    const measureUpload = async (server: BenchHaven, serverCookie: string, parentId: number, uploader: typeof tusUpload = tusUpload): Promise<UploadRun> => {
      const cpu0 = procCpuSeconds(server.pid);
      const threads0 = threadCpuSeconds(server.pid);
      const faults0 = procMinorFaults(server.pid);
      const client0 = clientCpuSeconds();
      const up = await uploader(server.url, serverCookie, parentId, source);
      const client = clientCpuSeconds() - client0;
      const cpu = procCpuSeconds(server.pid) - cpu0;
      const threadCpu = threadCpuBetween(server.pid, threads0, threadCpuSeconds(server.pid));
      const sha1LagSeconds = await waitForSha1(server.url);
      const cpuWithSha1 = procCpuSeconds(server.pid) - cpu0;
      const faults = procMinorFaults(server.pid) - faults0;
      ddRunsS.push(ddWrite());
      await rm(ddFile);
      const ddMbps = (mbps(SIZE, ddRunsS.at(-2)!) + mbps(SIZE, ddRunsS.at(-1)!)) / 2;
      return { up, cpu, sha1LagSeconds, cpuWithSha1, mainCpu: threadCpu.main, hashCpu: threadCpu.busiestOther, faults, clientCpu: client, ddMbps, ratio: mbps(SIZE, up.seconds) / ddMbps };
    };
    const uploads: UploadRun[] = [];
    const baselineUploads: UploadRun[] = [];
    const curlUploads: UploadRun[] = [];
    const baselineCurlUploads: UploadRun[] = [];
    for (let i = 0; i < UPLOAD_RUNS; i++) {
      if (baseline) baselineUploads.push(await measureUpload(baseline, baselineCookie!, baselineRootId!));
      uploads.push(await measureUpload(haven, cookie, root.id));
      if (baseline) baselineCurlUploads.push(await measureUpload(baseline, baselineCookie!, baselineRootId!, curlTusUpload));
      curlUploads.push(await measureUpload(haven, cookie, root.id, curlTusUpload));
      await measureBareUpload();
    }
    const bareUploadMedian = [...bareUploadRuns].sort((a, b) => a.mbps / a.ddMbps - b.mbps / b.ddMbps)[Math.floor(bareUploadRuns.length / 2)]!;
    const uploadRss = rss.phase();
    const medianOf = (runs: UploadRun[]) => [...runs].sort((a, b) => a.ratio - b.ratio)[Math.floor(runs.length / 2)]!;
    const medianRun = medianOf(uploads);
    const { up, cpu: uploadCpu, ddMbps } = medianRun;
    const medianCpu = (runs: UploadRun[], of: (r: UploadRun) => number) => median(runs.map(of));
    const uploadSummary = (runs: UploadRun[]) => ({
      ratio: medianOf(runs).ratio,
      serverCpuSecondsMedian: medianCpu(runs, (r) => r.cpu),
      serverMainThreadCpuSecondsMedian: medianCpu(runs, (r) => r.mainCpu),
      serverHashThreadCpuSecondsMedian: medianCpu(runs, (r) => r.hashCpu),
      clientCpuSecondsMedian: medianCpu(runs, (r) => r.clientCpu),
      runs: runs.map((u) => ({
        mbps: mbps(SIZE, u.up.seconds),
        ddMbps: u.ddMbps,
        ratio: u.ratio,
        serverCpuSeconds: u.cpu,
        sha1LagSeconds: u.sha1LagSeconds,
        serverCpuSecondsWithSha1: u.cpuWithSha1,
        serverMainThreadCpuSeconds: u.mainCpu,
        serverHashThreadCpuSeconds: u.hashCpu,
        serverMinorFaults: u.faults,
        clientCpuSeconds: u.clientCpu,
      })),
    });

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
        ...uploadSummary(uploads),
      },
      curlUpload: { mbps: mbps(SIZE, medianOf(curlUploads).up.seconds), ...uploadSummary(curlUploads) },
      baselineUpload: baseline ? { root: baselineRoot, peakRssBytes: baselineRss!.peak, ...uploadSummary(baselineUploads) } : undefined,
      baselineCurlUpload: baseline ? uploadSummary(baselineCurlUploads) : undefined,
      download: { mbps: mbps(SIZE, median(havenRuns)), runsSeconds: havenRuns, serverCpuSecondsPerRun: downloadCpu },
      rss: { peakBytes: rss.peak, vmHwmBytes: hwm, idleBytes: idleRss, uploadBytes: uploadRss, downloadBytes: downloadRss },
      references: {
        ddFdatasyncWriteMbps: ddMbps,
        ddFdatasyncWriteRunsMbps: ddRunsS.map((sec) => mbps(SIZE, sec)),
        pageCacheReadMbps: mbps(SIZE, ddReadS),
        bareNodeDownloadMbps: mbps(SIZE, median(bareRuns)),
        bareNodeDurablePutMbps: bareUploadMedian.mbps,
        bareNodeDurablePutVsDd: bareUploadMedian.mbps / bareUploadMedian.ddMbps,
        bareNodeDurablePutRuns: bareUploadRuns,
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
    baselineRss?.stop();
    bare.close();
    await haven.stop();
    await baseline?.stop();
  }
}

type UploadSummary = {
  ratio: number;
  serverCpuSecondsMedian: number;
  serverMainThreadCpuSecondsMedian: number;
  serverHashThreadCpuSecondsMedian: number;
  clientCpuSecondsMedian: number;
  runs: {
    mbps: number;
    ddMbps: number;
    ratio: number;
    serverCpuSeconds: number;
    sha1LagSeconds: number;
    serverCpuSecondsWithSha1: number;
    serverMainThreadCpuSeconds: number;
    serverHashThreadCpuSeconds: number;
    serverMinorFaults: number;
    clientCpuSeconds: number;
  }[];
};
type Results = {
  upload: { mbps: number; seconds: number; patches: number; bodyMbps: number; finalSeconds: number; finishSeconds: number; serverCpuSeconds: number } & UploadSummary;
  curlUpload: { mbps: number } & UploadSummary;
  baselineUpload?: { root?: string; peakRssBytes: number } & UploadSummary;
  baselineCurlUpload?: UploadSummary;
  download: { mbps: number; serverCpuSecondsPerRun: number };
  rss: { peakBytes: number; vmHwmBytes: number; idleBytes: number; uploadBytes: number; downloadBytes: number };
  references: {
    ddFdatasyncWriteMbps: number;
    ddFdatasyncWriteRunsMbps: number[];
    pageCacheReadMbps: number;
    bareNodeDownloadMbps: number;
    bareNodeDurablePutMbps: number;
    bareNodeDurablePutVsDd: number;
    bareNodeDurablePutRuns: { mbps: number; ddMbps: number }[];
    nodeSha256Mbps: number;
  };
  ratios: Record<"uploadVsDd" | "downloadVsBareNode" | "peakRssMB", { value: number; target: string }>;
};

function printTable(r: Results): void {
  const f = (n: number) => n.toFixed(0);
  const x = (n: number) => `${n.toFixed(2)}×`;
  const s2 = (n: number) => n.toFixed(2);
  const uploadRuns = (u: UploadSummary) =>
    u.runs
      .map(
        (run) =>
          `${f(run.mbps)} MB/s vs dd ${f(run.ddMbps)} (${x(run.ratio)}; server CPU ${s2(run.serverCpuSeconds)} s, ${s2(run.serverMainThreadCpuSeconds)} s of it main thread, ${s2(run.serverHashThreadCpuSeconds)} s hashing thread; ${run.serverMinorFaults} minor faults; client CPU ${s2(run.clientCpuSeconds)} s; SHA-1 in oc:checksums ${s2(run.sha1LagSeconds)} s after the answer, server CPU ${s2(run.serverCpuSecondsWithSha1)} s with it)`,
      )
      .join(", ");
  const rows: string[][] = [
    ["measure", "Haven", "reference (same run)", "ratio", "target"],
    [`upload ${SIZE / MiB} MiB, tus 50 MiB chunks (median run)`, `${f(r.upload.mbps)} MB/s`, `dd conv=fdatasync ${f(r.references.ddFdatasyncWriteMbps)} MB/s (dd before and after it)`, x(r.ratios.uploadVsDd.value), "≥ 0.60×"],
    [`upload ${SIZE / MiB} MiB, tus by curl: one PATCH (median run)`, `${f(r.curlUpload.mbps)} MB/s`, "dd as above, per run", x(r.curlUpload.ratio), "≥ 0.60×"],
    [`floor: bare node:http durable PUT, curl (median run)`, "", `${f(r.references.bareNodeDurablePutMbps)} MB/s, no hashing`, x(r.references.bareNodeDurablePutVsDd), ""],
    ["download /api/files/:id/content", `${f(r.download.mbps)} MB/s`, `bare node:http stream ${f(r.references.bareNodeDownloadMbps)} MB/s`, x(r.ratios.downloadVsBareNode.value), "≥ 0.90×"],
    ["peak server RSS (100 ms samples)", `${f(r.rss.peakBytes / MB)} MB`, `VmHWM ${f(r.rss.vmHwmBytes / MB)} MB`, "", "< 300 MB"],
  ];
  printRows(rows);
  console.log(`
details:
  upload runs: ${uploadRuns(r.upload)}${r.baselineUpload ? `\n  baseline (${r.baselineUpload.root}) upload runs, taking turns with the above: ${uploadRuns(r.baselineUpload)}\n  baseline median ${x(r.baselineUpload.ratio)} vs this build ${x(r.upload.ratio)}; baseline peak RSS ${f(r.baselineUpload.peakRssBytes / MB)} MB` : ""}
  tus by curl runs: ${uploadRuns(r.curlUpload)}${r.baselineCurlUpload ? `\n  baseline tus by curl runs: ${uploadRuns(r.baselineCurlUpload)}\n  baseline curl median ${x(r.baselineCurlUpload.ratio)} vs this build ${x(r.curlUpload.ratio)}` : ""}
  bare durable PUT runs (no hashing, no database, curl on the same cores): ${r.references.bareNodeDurablePutRuns.map((b) => `${f(b.mbps)} MB/s vs dd ${f(b.ddMbps)} (${x(b.mbps / b.ddMbps)})`).join(", ")}
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
