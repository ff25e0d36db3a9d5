/**
 * Nextcloud desktop client first sync (`npm run bench -- nextcloud`): nextcloudcmd (Debian's nextcloud-desktop-cmd)
 * uploads a fresh tree of small files into an empty Haven account, beside `rclone copy` of the same tree to Apache
 * mod_dav (the file-by-file WebDAV reference) and to Haven's Nextcloud WebDAV (rclone's nextcloud vendor). Each
 * Haven run uses its own server and data dir; after every run the files are counted on the server side. Prints
 * figures, never pass/fail.
 * BENCH_DIR (required) holds every temp file; BENCH_NC_FILES (default 2000) sets the tree's size, 4 KiB files in
 * folders of 100. BENCH_NC_BULK=0 skips the run with bulk upload advertised (HAVEN_NC_BULKUPLOAD=1).
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, setupAdmin } from "../test/helpers/haven-server";
import { now, printRows, ROOT, round3 } from "./common";
import { BenchHaven } from "./haven";
import { BenchApache } from "./webdav-apache";

const exec = promisify(execFile);
const FILES = Number(process.env.BENCH_NC_FILES ?? 2000);
const PER_FOLDER = 100;
const FILE_BYTES = 4096;
const USER = "admin";

interface Run {
  seconds: number;
  filesPerSecond: number;
}

/** FILES files of 4 KiB (distinct content) in folders of PER_FOLDER, as a desktop's documents folder might hold. */
async function makeTree(dir: string): Promise<void> {
  for (let i = 0; i < FILES; i++) {
    const folder = path.join(dir, `folder-${String(Math.floor(i / PER_FOLDER)).padStart(3, "0")}`);
    if (i % PER_FOLDER === 0) await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `file-${String(i).padStart(5, "0")}.txt`), randomBytes(FILE_BYTES));
  }
}

async function countLocal(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

/** Files under a WebDAV folder, counted with Depth 1 PROPFINDs (folders walked). */
async function countDav(url: string, auth: string): Promise<number> {
  const res = await fetch(url, { method: "PROPFIND", headers: { authorization: auth, depth: "1" } });
  if (res.status !== 207) throw new Error(`PROPFIND ${url}: ${res.status}`);
  const body = await res.text();
  const responses = body.split(/<d:response>|<D:response>/).slice(2);
  let files = 0;
  for (const r of responses) {
    const href = /<(?:d|D):href>([^<]+)<\/(?:d|D):href>/.exec(r)![1]!;
    if (/<(?:d|D):collection\s*\/>/.test(r)) files += await countDav(new URL(href, url).toString(), auth);
    else files++;
  }
  return files;
}

/** A fresh Haven with an admin and an app password; `env` is set for the server only. */
async function startHaven(dir: string, env: Record<string, string>): Promise<{ haven: BenchHaven; auth: string; password: string }> {
  await mkdir(dir, { recursive: true });
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const haven = await BenchHaven.start(ROOT, dir, await freePort()).finally(() => {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
  });
  const cookie = await setupAdmin(haven.url, USER);
  const created = await fetch(`${haven.url}/api/me/app-passwords`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: haven.url }, body: JSON.stringify({ name: "bench" }) });
  if (created.status !== 201) throw new Error(`app password: ${created.status} ${await created.text()}`);
  const { password } = (await created.json()) as { password: string };
  return { haven, password, auth: `Basic ${Buffer.from(`${USER}:${password}`).toString("base64")}` };
}

/** nextcloudcmd's first sync of `tree` into an empty Haven account; the server must then hold every file. */
async function nextcloudcmdRun(dir: string, tree: string, env: Record<string, string>): Promise<Run> {
  const { haven, password, auth } = await startHaven(path.join(dir, "haven"), env);
  try {
    const local = path.join(dir, "local");
    await cp(tree, local, { recursive: true });
    const t0 = now();
    await exec("nextcloudcmd", ["--non-interactive", "--max-sync-retries", "1", "-u", USER, "-p", password, local, haven.url], { maxBuffer: 256 * 1024 * 1024, timeout: 1_800_000 });
    const seconds = now() - t0;
    const onServer = await countDav(`${haven.url}/remote.php/dav/files/${USER}/`, auth);
    if (onServer !== FILES) throw new Error(`nextcloudcmd: the server holds ${onServer} of ${FILES} files`);
    return { seconds, filesPerSecond: FILES / seconds };
  } finally {
    await haven.stop();
  }
}

/** `rclone copy` of `tree` to a WebDAV URL (rclone's defaults: 4 transfers, 8 checkers). */
async function rcloneRun(tree: string, url: string, user: string, password: string, vendor: "other" | "nextcloud"): Promise<Run> {
  const { stdout: obscured } = await exec("rclone", ["obscure", password]);
  const t0 = now();
  await exec("rclone", ["copy", tree, ":webdav:", `--webdav-url=${url}`, `--webdav-vendor=${vendor}`, `--webdav-user=${user}`, `--webdav-pass=${obscured.trim()}`], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 1_800_000,
  });
  const seconds = now() - t0;
  return { seconds, filesPerSecond: FILES / seconds };
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR;
  if (!dir) throw new Error("BENCH_DIR must name a scratch directory (bench/run.sh sets it)");
  console.log(`nextcloud bench: first sync of ${FILES} files of 4 KiB in folders of ${PER_FOLDER}; scratch under ${dir}`);
  const loadAverageAtStart = os.loadavg()[0]!;
  console.log(`nextcloud bench: ${os.cpus().length} CPUs, load average ${loadAverageAtStart.toFixed(2)} (other work on the machine skews every figure)`);
  const tree = path.join(dir, "tree");
  await makeTree(tree);
  if ((await countLocal(tree)) !== FILES) throw new Error("the source tree is incomplete");

  console.log("nextcloud bench: rclone copy to Apache mod_dav");
  const apacheUser = { username: "bench", password: "bench-password-1" };
  const apache = await BenchApache.start(path.join(dir, "apache"), await freePort(), apacheUser);
  let rcloneApache: Run;
  try {
    rcloneApache = await rcloneRun(tree, `${apache.url}/dav/`, apacheUser.username, apacheUser.password, "other");
    const onDisk = await countLocal(apache.davRoot);
    if (onDisk !== FILES) throw new Error(`rclone to Apache: ${onDisk} of ${FILES} files arrived`);
  } finally {
    await apache.stop();
  }

  console.log("nextcloud bench: nextcloudcmd first sync into Haven (PUT per file)");
  const ncPut = await nextcloudcmdRun(path.join(dir, "nc-put"), tree, { HAVEN_NC_BULKUPLOAD: "0" });
  let ncBulk: Run | null = null;
  if (process.env.BENCH_NC_BULK !== "0") {
    console.log("nextcloud bench: nextcloudcmd first sync into Haven (bulk upload advertised)");
    ncBulk = await nextcloudcmdRun(path.join(dir, "nc-bulk"), tree, { HAVEN_NC_BULKUPLOAD: "1" });
  }

  console.log("nextcloud bench: rclone copy into Haven (vendor nextcloud)");
  const { haven, password, auth } = await startHaven(path.join(dir, "rclone-haven"), {});
  let rcloneHaven: Run;
  try {
    rcloneHaven = await rcloneRun(tree, `${haven.url}/remote.php/dav/files/${USER}/`, USER, password, "nextcloud");
    const onServer = await countDav(`${haven.url}/remote.php/dav/files/${USER}/`, auth);
    if (onServer !== FILES) throw new Error(`rclone to Haven: the server holds ${onServer} of ${FILES} files`);
  } finally {
    await haven.stop();
  }

  const r = { files: FILES, fileBytes: FILE_BYTES, loadAverageAtStart, loadAverageAtEnd: os.loadavg()[0]!, rcloneApache, nextcloudcmd: ncPut, nextcloudcmdBulk: ncBulk, rcloneHaven };
  const f = (run: Run) => `${run.seconds.toFixed(1)} s (${run.filesPerSecond.toFixed(0)} files/s)`;
  const x = (run: Run) => `${(rcloneApache.seconds / run.seconds).toFixed(2)}×`;
  printRows([
    ["run", "time", "speed vs rclone → Apache"],
    ["rclone copy → Apache mod_dav (reference)", f(rcloneApache), "1.00×"],
    ["nextcloudcmd first sync → Haven (PUT per file)", f(ncPut), x(ncPut)],
    ...(ncBulk ? [["nextcloudcmd first sync → Haven (bulk upload)", f(ncBulk), x(ncBulk)]] : []),
    ["rclone copy → Haven (vendor nextcloud)", f(rcloneHaven), x(rcloneHaven)],
  ]);
  console.log(`  ${FILES} files of ${FILE_BYTES} B; load average ${loadAverageAtStart.toFixed(2)} at start, ${r.loadAverageAtEnd.toFixed(2)} at end; all on 127.0.0.1`);
  await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
  await writeFile(path.join(ROOT, "bench/results/nextcloud-latest.json"), `${JSON.stringify({ at: new Date().toISOString(), ...r }, round3, 2)}\n`);
  console.log("\nnextcloud bench: wrote bench/results/nextcloud-latest.json");
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
