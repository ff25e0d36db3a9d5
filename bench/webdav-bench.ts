/**
 * `npm run bench -- webdav` (through bench/run.sh): Haven's WebDAV beside Apache httpd's mod_dav_fs, both on
 * 127.0.0.1 in the same run, plus a bare Node server (a stream of the same file for GET, durable 4 KiB PUTs and a
 * 4 KiB GET for wrk) showing what Node itself costs. Prints figures, never pass/fail.
 *   1. PROPFIND Depth 1 of a folder of 10,000 files   2. PUT and GET of 1 GiB (Haven fsyncs before its 201)
 *   3. 2,000 sequential 4 KiB PUTs on one connection (in 5 rounds alternating Haven, Apache and bare Node)
 *   4. wrk GET of a 4 KiB file with Basic auth
 *   5. 2,000 4 KiB files through Nextcloud's bulk upload, 100 per request (beside Apache's sequential PUT rate)
 * BENCH_DIR (required) holds every temp file; BENCH_SIZE_MIB (default 1024), BENCH_PROPFIND_FILES (10000),
 * BENCH_SMALL_PUTS (2000, also the bulk file count) and BENCH_WRK_SECONDS (8) shrink it for quick runs.
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { makeRandomFile } from "../test/helpers/files";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { bareNodeServer, curl, MB, median, MiB, now, printRows, ROOT, round3 } from "./common";
import { BenchHaven } from "./haven";
import { BenchApache } from "./webdav-apache";

const run = promisify(execFile);
const SIZE = Number(process.env.BENCH_SIZE_MIB ?? 1024) * MiB;
const PROPFIND_FILES = Number(process.env.BENCH_PROPFIND_FILES ?? 10_000);
const SMALL_PUTS = Number(process.env.BENCH_SMALL_PUTS ?? 2000);
const WRK_SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 8);
const RUNS = 3;
/** Rounds the small PUTs are taken in, alternating between the servers (smallPutsPerSecond). */
const SMALL_PUT_ROUNDS = 5;
/** Files per bulk upload request (the desktop client batches about this many small files). */
const BULK_PER_REQUEST = 100;
/** The 4 KiB body of the small PUTs (and so of the file wrk fetches). */
const SMALL_BODY = Buffer.alloc(4096, 7);
const PROPFIND_RUNS = 5;
const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getcontentlength/><d:getlastmodified/><d:getetag/><d:getcontenttype/></d:prop></d:propfind>';

/** A WebDAV server under test: its /dav/ URL and the Basic credentials for it. */
type Target = { name: string; url: string; auth: string };

const authHeader = (t: Target) => ["-H", `Authorization: ${t.auth}`];

/** Sequential requests on one keep-alive connection (what a sync client's single stream does). */
class OneConnection {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly target: Target) {}

  request(method: string, pathName: string, body?: Buffer, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.target.url}${pathName}`, { method, agent: this.agent, headers: { authorization: this.target.auth, ...(body ? { "content-length": String(body.length) } : {}), ...headers } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `count` PUTs with `parallel` connections (seeding Haven's big folder; not a measured figure). */
async function putMany(target: Target, folder: string, count: number, parallel: number): Promise<void> {
  const conns = Array.from({ length: parallel }, () => new OneConnection(target));
  let next = 0;
  await Promise.all(
    conns.map(async (c) => {
      for (let i = next++; i < count; i = next++) {
        const status = await c.request("PUT", `${folder}/f${String(i).padStart(5, "0")}.txt`, Buffer.from(`file number ${i}\n`));
        if (status !== 201 && status !== 204) throw new Error(`seeding PUT ${i} → ${status}`);
      }
    }),
  );
  for (const c of conns) c.close();
}

async function mkcol(target: Target, folder: string): Promise<void> {
  const c = new OneConnection(target);
  const status = await c.request("MKCOL", folder);
  c.close();
  if (status !== 201) throw new Error(`MKCOL ${folder} on ${target.name} → ${status}`);
}

async function propfindSeconds(target: Target, folder: string): Promise<{ seconds: number; bytes: number }> {
  const args = [...authHeader(target), "-X", "PROPFIND", "-H", "Depth: 1", "-H", "Content-Type: application/xml", "--data-binary", PROPFIND_BODY, `${target.url}${folder}/`];
  await curl(args, { status: [207] }); // warm
  const runs: number[] = [];
  for (let i = 0; i < PROPFIND_RUNS; i++) runs.push(await curl(args, { status: [207] }));
  const { stdout } = await run("curl", ["-s", ...args], { encoding: "utf8", maxBuffer: 256 * MiB });
  const responses = stdout.match(/<(?:[a-zA-Z]+:)?response[ >]/g)?.length ?? 0;
  if (responses !== PROPFIND_FILES + 1) throw new Error(`${target.name}: PROPFIND listed ${responses} responses, expected ${PROPFIND_FILES + 1}`);
  return { seconds: median(runs), bytes: Buffer.byteLength(stdout) };
}

/** Seconds for `count` sequential small PUTs, files numbered from `first`, on one connection. */
async function smallPutSeconds(target: Target, folder: string, first: number, count: number): Promise<number> {
  const c = new OneConnection(target);
  const t0 = now();
  for (let i = first; i < first + count; i++) {
    const status = await c.request("PUT", `${folder}/s${String(i).padStart(5, "0")}.bin`, SMALL_BODY);
    if (status !== 201 && status !== 204) throw new Error(`${target.name}: small PUT ${i} → ${status}`);
  }
  const seconds = now() - t0;
  c.close();
  return seconds;
}

/**
 * PUT/s of each server over SMALL_PUTS sequential small PUTs, taken in SMALL_PUT_ROUNDS rounds that alternate between
 * the servers, so a burst of load on the shared machine falls on all of them alike rather than on one server's block.
 */
async function smallPutsPerSecond(servers: { target: Target; folder: string }[]): Promise<number[]> {
  const seconds = servers.map(() => 0);
  const perRound = Math.ceil(SMALL_PUTS / SMALL_PUT_ROUNDS);
  for (let first = 0; first < SMALL_PUTS; first += perRound) {
    const count = Math.min(perRound, SMALL_PUTS - first);
    for (const [i, { target, folder }] of servers.entries()) seconds[i]! += await smallPutSeconds(target, folder, first, count);
  }
  return seconds.map((s) => SMALL_PUTS / s);
}

/** Files per second through POST /remote.php/dav/bulk: SMALL_PUTS files of SMALL_BODY, BULK_PER_REQUEST per request. */
async function bulkFilesPerSecond(target: Target, folder: string): Promise<number> {
  const c = new OneConnection(target);
  const boundary = "haven-bench-boundary";
  const t0 = now();
  for (let first = 0; first < SMALL_PUTS; first += BULK_PER_REQUEST) {
    const paths = Array.from({ length: Math.min(BULK_PER_REQUEST, SMALL_PUTS - first) }, (_, i) => `${folder}/b${String(first + i).padStart(5, "0")}.bin`);
    const parts = paths.flatMap((p) => [Buffer.from(`--${boundary}\r\nX-File-Path: ${p}\r\nX-File-Mtime: 1700000000\r\nContent-Length: ${SMALL_BODY.length}\r\n\r\n`), SMALL_BODY, Buffer.from("\r\n")]);
    const body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
    const status = await c.request("POST", "/remote.php/dav/bulk", body, { "content-type": `multipart/related; boundary=${boundary}` });
    if (status !== 200) throw new Error(`${target.name}: bulk upload at file ${first} → ${status}`);
  }
  const seconds = now() - t0;
  c.close();
  return SMALL_PUTS / seconds;
}

async function wrkRps(target: Target, file: string): Promise<{ rps: number; p99: string }> {
  await run("wrk", ["-t1", "-c8", "-d2s", "-H", `Authorization: ${target.auth}`, `${target.url}${file}`]); // warm
  const { stdout } = await run("wrk", ["-t1", "-c8", `-d${WRK_SECONDS}s`, "--latency", "-H", `Authorization: ${target.auth}`, `${target.url}${file}`], { encoding: "utf8" });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!rps) throw new Error(`wrk output not understood:\n${stdout}`);
  if (/Non-2xx or 3xx responses/.test(stdout)) throw new Error(`${target.name}: wrk saw error responses:\n${stdout}`);
  return { rps: Number(rps[1]), p99: /99%\s+(\S+)/.exec(stdout)?.[1] ?? "?" };
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory (bench/run.sh sets it)");
  const source = path.join(dir, "random.bin");
  console.log(`webdav bench: ${SIZE / MiB} MiB PUT/GET, PROPFIND of ${PROPFIND_FILES} files, ${SMALL_PUTS} small PUTs, wrk ${WRK_SECONDS} s; scratch under ${dir}`);
  console.log(`webdav bench: ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(2)} (other work on the machine skews every figure)`);
  await makeRandomFile(source, SIZE);

  await mkdir(path.join(dir, "haven-data"));
  const haven = await BenchHaven.start(ROOT, path.join(dir, "haven-data"), await freePort());
  const apacheUser = { username: "bench", password: "bench-password-1" };
  const apache = await BenchApache.start(path.join(dir, "apache"), await freePort(), apacheUser);
  const bare = await bareNodeServer(source);
  // The small-file reference: the same 4 KiB body Haven and Apache serve to wrk, and a folder for its durable PUTs.
  const smallFile = path.join(dir, "small.bin");
  await writeFile(smallFile, SMALL_BODY);
  await mkdir(path.join(dir, "bare-puts"));
  const bareSmall = await bareNodeServer(smallFile, path.join(dir, "bare-puts"));
  try {
    const cookie = await setupAdmin(haven.url);
    const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
    if (created.status !== 201) throw new Error(`app password: ${created.status} ${await created.text()}`);
    const { password } = (await created.json()) as { password: string };
    const h: Target = { name: "Haven", url: haven.url, auth: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` };
    const a: Target = { name: "Apache", url: apache.url, auth: `Basic ${Buffer.from(`${apacheUser.username}:${apacheUser.password}`).toString("base64")}` };
    const n: Target = { name: "bare Node", url: bareSmall.url.replace(/\/$/, ""), auth: "Basic Ym9iOnNlY3JldA==" };

    console.log(`webdav bench: seeding ${PROPFIND_FILES} files (Haven through PUT, 4 connections; Apache straight on disk)`);
    const seed0 = now();
    await mkcol(h, "/dav/many");
    await putMany(h, "/dav/many", PROPFIND_FILES, 4);
    const seedSeconds = now() - seed0;
    await mkdir(path.join(apache.davRoot, "many"));
    for (let i = 0; i < PROPFIND_FILES; i++) await writeFile(path.join(apache.davRoot, "many", `f${String(i).padStart(5, "0")}.txt`), `file number ${i}\n`);
    apache.chownTree();

    console.log("webdav bench: PROPFIND Depth 1");
    const pfH = await propfindSeconds(h, "/dav/many");
    const pfA = await propfindSeconds(a, "/dav/many");

    console.log(`webdav bench: PUT ${SIZE / MiB} MiB (${RUNS} runs each, interleaved)`);
    const putH: number[] = [];
    const putA: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      putH.push(await curl([...authHeader(h), "-T", source, `${h.url}/dav/big-${i}.bin`], { status: [201] }));
      putA.push(await curl([...authHeader(a), "-T", source, `${a.url}/dav/big-${i}.bin`], { status: [201] }));
    }

    console.log(`webdav bench: GET ${SIZE / MiB} MiB (${RUNS} runs each, interleaved with a bare Node stream)`);
    const getH: number[] = [];
    const getA: number[] = [];
    const getN: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      getH.push(await curl([...authHeader(h), `${h.url}/dav/big-0.bin`], { status: [200], bytes: SIZE }));
      getN.push(await curl([bare.url], { status: [200], bytes: SIZE }));
      getA.push(await curl([...authHeader(a), `${a.url}/dav/big-0.bin`], { status: [200], bytes: SIZE }));
    }

    console.log(`webdav bench: ${SMALL_PUTS} sequential 4 KiB PUTs on one connection`);
    await mkcol(h, "/dav/small");
    await mkcol(a, "/dav/small");
    const [smallH, smallA, smallN] = (await smallPutsPerSecond([
      { target: h, folder: "/dav/small" },
      { target: a, folder: "/dav/small" },
      { target: n, folder: "" },
    ])) as [number, number, number];

    console.log(`webdav bench: ${SMALL_PUTS} 4 KiB files through bulk upload, ${BULK_PER_REQUEST} per request`);
    await mkcol(h, "/dav/bulk");
    const bulkH = await bulkFilesPerSecond(h, "/bulk");
    const { stdout: listing } = await run("curl", ["-s", ...authHeader(h), "-X", "PROPFIND", "-H", "Depth: 1", `${h.url}/dav/bulk/`], { encoding: "utf8", maxBuffer: 64 * MiB });
    const listed = (listing.match(/<(?:[a-zA-Z]+:)?response[ >]/g)?.length ?? 0) - 1;
    if (listed !== SMALL_PUTS) throw new Error(`Haven: the bulk folder lists ${listed} files, expected ${SMALL_PUTS}`);

    console.log(`webdav bench: wrk GET of a 4 KiB file (1 thread, 8 connections, ${WRK_SECONDS} s)`);
    const wrkH = await wrkRps(h, "/dav/small/s00000.bin");
    const wrkA = await wrkRps(a, "/dav/small/s00000.bin");
    const wrkN = await wrkRps(n, "/s00000.bin");

    const mbps = (s: number) => SIZE / MB / s;
    const r = {
      sizeBytes: SIZE,
      propfindFiles: PROPFIND_FILES,
      smallPutCount: SMALL_PUTS,
      loadAverageAtStart: os.loadavg()[0],
      seedSeconds,
      propfind: { havenSeconds: pfH.seconds, apacheSeconds: pfA.seconds, havenBytes: pfH.bytes, apacheBytes: pfA.bytes, ratio: pfH.seconds / pfA.seconds, target: "<= 0.25 (time)" },
      put: { havenMbps: mbps(median(putH)), apacheMbps: mbps(median(putA)), havenRuns: putH, apacheRuns: putA, ratio: median(putA) / median(putH), target: ">= 1.0" },
      get: { havenMbps: mbps(median(getH)), apacheMbps: mbps(median(getA)), bareNodeMbps: mbps(median(getN)), havenRuns: getH, apacheRuns: getA, bareNodeRuns: getN, ratioVsBareNode: median(getN) / median(getH), ratioVsApache: median(getA) / median(getH), target: ">= 0.9 of bare Node" },
      smallPuts: { havenPerSecond: smallH, apachePerSecond: smallA, bareNodePerSecond: smallN, ratio: smallH / smallA, ratioVsBareNode: smallH / smallN, target: ">= 0.5", targetVsBareNode: ">= 0.4" },
      bulk: { havenFilesPerSecond: bulkH, filesPerRequest: BULK_PER_REQUEST, apacheSequentialPutsPerSecond: smallA, bareNodePerSecond: smallN, ratio: bulkH / smallA, target: ">= 1.0 (files/s vs Apache's sequential PUT/s)" },
      wrk: { havenRps: wrkH.rps, apacheRps: wrkA.rps, bareNodeRps: wrkN.rps, havenP99: wrkH.p99, apacheP99: wrkA.p99, ratio: wrkH.rps / wrkA.rps, ratioVsBareNode: wrkH.rps / wrkN.rps, target: ">= 0.5" },
    };
    printTable(r);
    await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
    await writeFile(path.join(ROOT, "bench/results/webdav-latest.json"), `${JSON.stringify({ at: new Date().toISOString(), ...r }, round3, 2)}\n`);
    console.log("\nwebdav bench: wrote bench/results/webdav-latest.json");
  } finally {
    bare.close();
    bareSmall.close();
    await apache.stop();
    await haven.stop();
  }
}

type R = {
  seedSeconds: number;
  propfind: { havenSeconds: number; apacheSeconds: number; havenBytes: number; apacheBytes: number; ratio: number };
  put: { havenMbps: number; apacheMbps: number; ratio: number };
  get: { havenMbps: number; apacheMbps: number; bareNodeMbps: number; ratioVsBareNode: number; ratioVsApache: number };
  smallPuts: { havenPerSecond: number; apachePerSecond: number; bareNodePerSecond: number; ratio: number; ratioVsBareNode: number };
  bulk: { havenFilesPerSecond: number; filesPerRequest: number; apacheSequentialPutsPerSecond: number; bareNodePerSecond: number; ratio: number };
  wrk: { havenRps: number; apacheRps: number; bareNodeRps: number; havenP99: string; apacheP99: string; ratio: number; ratioVsBareNode: number };
};

function printTable(r: R): void {
  const f = (n: number) => n.toFixed(0);
  const x = (n: number) => `${n.toFixed(2)}×`;
  const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
  const rows: string[][] = [
    ["measure", "Haven", "Apache mod_dav", "reference", "ratio", "target"],
    [`PROPFIND Depth 1, ${PROPFIND_FILES} files (median of ${PROPFIND_RUNS})`, ms(r.propfind.havenSeconds), ms(r.propfind.apacheSeconds), "", `${x(r.propfind.ratio)} of Apache's time`, "≤ 0.25×"],
    [`PUT ${SIZE / MiB} MiB (Haven fsyncs before 201)`, `${f(r.put.havenMbps)} MB/s`, `${f(r.put.apacheMbps)} MB/s`, "", `${x(r.put.ratio)} Apache`, "≥ 1.00×"],
    [`GET ${SIZE / MiB} MiB`, `${f(r.get.havenMbps)} MB/s`, `${f(r.get.apacheMbps)} MB/s`, `bare Node ${f(r.get.bareNodeMbps)} MB/s`, `${x(r.get.ratioVsBareNode)} bare Node (${x(r.get.ratioVsApache)} Apache)`, "≥ 0.90× bare Node"],
    [`${SMALL_PUTS} sequential 4 KiB PUTs`, `${f(r.smallPuts.havenPerSecond)} PUT/s`, `${f(r.smallPuts.apachePerSecond)} PUT/s`, `bare Node ${f(r.smallPuts.bareNodePerSecond)} PUT/s`, `${x(r.smallPuts.ratioVsBareNode)} bare Node (${x(r.smallPuts.ratio)} Apache)`, "≥ 0.40× bare Node"],
    [`${SMALL_PUTS} 4 KiB files by bulk upload (${r.bulk.filesPerRequest} per request)`, `${f(r.bulk.havenFilesPerSecond)} files/s`, `${f(r.bulk.apacheSequentialPutsPerSecond)} PUT/s`, `bare Node ${f(r.bulk.bareNodePerSecond)} PUT/s`, `${x(r.bulk.ratio)} Apache's sequential PUTs`, "≥ 1.00× Apache"],
    ["wrk GET 4 KiB, Basic auth (1 thread, 8 conns)", `${f(r.wrk.havenRps)} req/s`, `${f(r.wrk.apacheRps)} req/s`, `bare Node ${f(r.wrk.bareNodeRps)} req/s`, `${x(r.wrk.ratioVsBareNode)} bare Node (${x(r.wrk.ratio)} Apache)`, "≥ 0.50× bare Node"],
  ];
  printRows(rows);
  console.log(`
details:
  PROPFIND bodies: Haven ${f(r.propfind.havenBytes / 1000)} kB, Apache ${f(r.propfind.apacheBytes / 1000)} kB; seeding Haven's folder by PUT took ${r.seedSeconds.toFixed(1)} s
  wrk p99 latency: Haven ${r.wrk.havenP99}, Apache ${r.wrk.apacheP99}
  bare Node: a plain node:http server, no auth or database; its PUT writes the body to a new file and fdatasyncs it
  before the 201 (Haven fsyncs too, Apache does not); its GET streams the file
  all servers on 127.0.0.1, clients curl, Node http (keep-alive) and wrk on the same 2-core machine; MB = 10^6 bytes`);
}

main().catch((e: unknown) => {
  console.error("webdav bench failed:", e);
  process.exit(1);
});
