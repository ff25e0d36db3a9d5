/**
 * `npm run bench -- s3` (through bench/run.sh): a file (1 GiB by default) through Haven into an S3 policy on
 * radosgw by tus, and back by download, each beside a bare AWS SDK reference against the same bucket in the same
 * run: a lib-storage Upload of the same file, and a GetObject stream. Prints figures, never pass/fail.
 * Uses the S3 server of HAVEN_TEST_S3_* when it answers, else starts a throwaway radosgw (scripts/radosgw.sh; its
 * memstore OSD keeps objects in RAM, so BENCH_SIZE_MIB=256 on a small machine).
 * BENCH_DIR (required) holds the source file and the data dir; BENCH_SIZE_MIB (default 1024); BENCH_RUNS (default 2).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import * as tus from "tus-js-client";
import { buildServices } from "../lib/container";
import { loadConfig } from "../lib/config";
import { makeRandomFile } from "../test/helpers/files";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { createTestBucket, s3Reachable, useS3Policy } from "../test/helpers/s3";
import { curl, MB, median, MiB, now, printRows, ROOT, round3 } from "./common";
import { BenchHaven, procCpuSeconds, procMinorFaults, RssSampler } from "./haven";

const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB;
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const CHUNK = 50 * MiB;
const mbps = (bytes: number, seconds: number) => bytes / MB / seconds;

/** The S3 server: HAVEN_TEST_S3_* if it answers, else a radosgw started here (stopped on exit). */
async function ensureS3(): Promise<void> {
  if (await s3Reachable()) return;
  console.log("bench: starting a throwaway radosgw (scripts/radosgw.sh)");
  const env = execFileSync("bash", [path.join(ROOT, "scripts/radosgw.sh"), "start"], {
    encoding: "utf8",
    env: { ...process.env, RADOSGW_MEMSTORE_BYTES: String(Math.max(6 * 1024 ** 3, 5 * SIZE)) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  for (const [, name, value] of env.matchAll(/^export (\w+)=(.*)$/gm)) process.env[name!] = value!;
  process.once("exit", () => execFileSync("bash", [path.join(ROOT, "scripts/radosgw.sh"), "stop", process.env.RADOSGW_DIR!], { stdio: "ignore" }));
}

/** tus-js-client from a file stream, 50 MiB PATCHes as the browser sends them; returns the node id and seconds. */
function tusUpload(url: string, cookie: string, parentId: number, file: string, name: string): Promise<{ nodeId: number; seconds: number }> {
  const t0 = now();
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(createReadStream(file) as unknown as tus.Upload["file"], {
      endpoint: `${url}/api/upload/`,
      uploadSize: SIZE,
      chunkSize: CHUNK,
      retryDelays: [],
      headers: { cookie },
      metadata: { filename: name, parentId: String(parentId) },
      onError: reject,
      onSuccess: ({ lastResponse }) => resolve({ nodeId: Number(lastResponse.getHeader("Haven-Node-Id")), seconds: now() - t0 }),
    });
    upload.start();
  });
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory (bench/run.sh sets it)");
  await ensureS3();
  const source = path.join(dir, "random.bin");
  const dataDir = path.join(dir, "data");
  console.log(`bench: ${SIZE / MiB} MiB into S3 at ${process.env.HAVEN_TEST_S3_ENDPOINT}; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)}`);
  await makeRandomFile(source, SIZE);
  await mkdir(dataDir);
  const bucket = await createTestBucket("bench");
  // Haven seals the policy's secret with this key; the bench process seals it the same way.
  process.env.HAVEN_SECRET_KEY = randomBytes(32).toString("base64url");
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  const haven = await BenchHaven.start(ROOT, dataDir, await freePort());
  const rss = new RssSampler(haven.pid, 100);
  const services = buildServices(loadConfig({ DATA_DIR: dataDir }));
  try {
    const cookie = await setupAdmin(haven.url);
    const admin = (await services.uow.repos.users.findByUsername("admin"))!;
    const space = (await services.uow.repos.spaces.findPersonal(admin.id))!;
    await useS3Policy(services, space.id, bucket, { prefix: "blobs/" });
    const root = (await (await fetch(`${haven.url}/api/nodes/root`, { headers: { cookie } })).json()) as { id: number };

    console.log(`bench: uploads (${RUNS} runs each, interleaved: Haven tus, then bare lib-storage)`);
    const havenUp: number[] = [];
    const bareUp: number[] = [];
    let nodeId = 0;
    let uploadCpu = 0;
    let uploadFaults = 0;
    for (let i = 0; i < RUNS; i++) {
      const cpu0 = procCpuSeconds(haven.pid);
      const faults0 = procMinorFaults(haven.pid);
      const up = await tusUpload(haven.url, cookie, root.id, source, `bench-${i}.bin`);
      uploadCpu += procCpuSeconds(haven.pid) - cpu0;
      uploadFaults += procMinorFaults(haven.pid) - faults0;
      havenUp.push(up.seconds);
      nodeId = up.nodeId;
      const t0 = now();
      const Key = `bare/${i}`;
      await new Upload({ client: bucket.client, params: { Bucket: bucket.bucket, Key, Body: createReadStream(source) }, partSize: 8 * MiB, queueSize: 4 }).done();
      bareUp.push(now() - t0);
      if (i < RUNS - 1) await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.bucket, Key }));
    }
    const uploadRss = rss.phase();

    console.log(`bench: downloads (${RUNS + 1} runs each, interleaved: Haven to curl, then a bare GetObject stream)`);
    const havenDown: number[] = [];
    const bareDown: number[] = [];
    const cpu0 = procCpuSeconds(haven.pid);
    for (let i = 0; i <= RUNS; i++) {
      havenDown.push(await curl(["-H", `Cookie: ${cookie}`, `${haven.url}/api/files/${nodeId}/content`], { status: [200], bytes: SIZE }));
      const t0 = now();
      const got = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.bucket, Key: `bare/${RUNS - 1}` }));
      let bytes = 0;
      await pipeline(got.Body as NodeJS.ReadableStream, new Writable({ write: (c: Buffer, _e, cb) => ((bytes += c.length), cb()) }));
      if (bytes !== SIZE) throw new Error(`GetObject returned ${bytes} bytes`);
      bareDown.push(now() - t0);
    }
    const downloadCpu = (procCpuSeconds(haven.pid) - cpu0) / (RUNS + 1);
    const downloadRss = rss.phase();

    const r = {
      sizeBytes: SIZE,
      endpoint: process.env.HAVEN_TEST_S3_ENDPOINT,
      upload: { havenMbps: mbps(SIZE, median(havenUp)), bareLibStorageMbps: mbps(SIZE, median(bareUp)), havenRunsSeconds: havenUp, bareRunsSeconds: bareUp, serverCpuSecondsPerRun: uploadCpu / RUNS, serverMinorFaultsPerRun: uploadFaults / RUNS },
      download: { havenMbps: mbps(SIZE, median(havenDown)), bareGetObjectMbps: mbps(SIZE, median(bareDown)), havenRunsSeconds: havenDown, bareRunsSeconds: bareDown, serverCpuSecondsPerRun: downloadCpu },
      rss: { peakBytes: rss.peak, uploadBytes: uploadRss, downloadBytes: downloadRss },
      ratios: {
        uploadVsLibStorage: { value: median(bareUp) / median(havenUp), target: ">= 0.8" },
        downloadVsGetObject: { value: median(bareDown) / median(havenDown), target: ">= 0.8" },
      },
    };
    const f = (n: number) => n.toFixed(0);
    const x = (n: number) => `${n.toFixed(2)}×`;
    printRows([
      ["measure", "Haven", "reference (same run, same bucket)", "ratio", "target"],
      [`upload ${SIZE / MiB} MiB, tus 50 MiB PATCHes (median)`, `${f(r.upload.havenMbps)} MB/s`, `lib-storage Upload ${f(r.upload.bareLibStorageMbps)} MB/s`, x(r.ratios.uploadVsLibStorage.value), "≥ 0.80×"],
      ["download /api/files/:id/content (median)", `${f(r.download.havenMbps)} MB/s`, `GetObject stream ${f(r.download.bareGetObjectMbps)} MB/s`, x(r.ratios.downloadVsGetObject.value), "≥ 0.80×"],
      ["peak server RSS (100 ms samples)", `${f(r.rss.peakBytes / MB)} MB`, "", "", ""],
    ]);
    console.log(`
details:
  upload runs (s): Haven ${havenUp.map((s) => s.toFixed(2)).join(" / ")}, lib-storage ${bareUp.map((s) => s.toFixed(2)).join(" / ")}; server CPU ${r.upload.serverCpuSecondsPerRun.toFixed(2)} s and ${f(r.upload.serverMinorFaultsPerRun)} minor page faults per upload
  download runs (s): Haven ${havenDown.map((s) => s.toFixed(2)).join(" / ")}, GetObject ${bareDown.map((s) => s.toFixed(2)).join(" / ")}; server CPU ${downloadCpu.toFixed(2)} s per download
  RSS peaks: upload ${f(uploadRss / MB)} MB, download ${f(downloadRss / MB)} MB
  Haven's upload hashes (SHA-256 and SHA-1) while receiving and cuts 10 MiB parts in reused memory; the reference only uploads.
  MB = 10^6 bytes`);
    await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
    await writeFile(path.join(ROOT, "bench/results/s3-latest.json"), `${JSON.stringify({ at: new Date().toISOString(), ...r }, round3, 2)}\n`);
    console.log("\nbench: wrote bench/results/s3-latest.json");
  } finally {
    rss.stop();
    await services.uow.disconnect();
    await haven.stop();
    await bucket.cleanup().catch((e: unknown) => console.error("bench: emptying the bucket failed", e));
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error("bench failed:", e);
    process.exit(1);
  },
);
