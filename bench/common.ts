/** Helpers the benchmark suites share. */
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const MiB = 1024 * 1024;
/** dd's unit: throughput is reported in MB/s (10^6 bytes per second) */
export const MB = 1e6;

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const now = () => performance.now() / 1000;

/** Milliseconds of `runs` calls of `fn`, one after another (after `warmup` unmeasured calls). */
export async function timeRuns(fn: () => unknown, runs: number, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** JSON.stringify replacer for result files: non-integer numbers rounded to 3 decimals. */
export const round3 = (_key: string, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toFixed(3)) : v);

const run = promisify(execFile);

/**
 * One curl request with the body sent to /dev/null; returns seconds (curl's time_total) after checking the status
 * and, when given, the bytes received. Async, so samplers in this process keep running meanwhile.
 */
export async function curl(args: string[], expect: { status: number[]; bytes?: number }): Promise<number> {
  const { stdout } = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}", ...args], { encoding: "utf8", maxBuffer: MiB });
  const [code, bytes, seconds] = stdout.trim().split(" ");
  if (!expect.status.includes(Number(code)) || (expect.bytes !== undefined && Number(bytes) !== expect.bytes)) {
    throw new Error(`curl ${args.filter((a) => !/^(authorization|cookie):/i.test(a)).join(" ")}: HTTP ${code}, ${bytes} bytes`);
  }
  return Number(seconds);
}

/** One curl request (silent, failing on curl errors); returns its stdout (e.g. the headers with `-D - -o /dev/null`). */
export async function curlOutput(args: string[]): Promise<string> {
  const { stdout } = await run("curl", ["-sS", ...args], { encoding: "utf8", maxBuffer: MiB });
  return stdout;
}

/**
 * The Node reference (bench/bare-server.mjs) in its own plain Node process, like Haven: streams `file` on GET and,
 * with `putDir`, stores PUT bodies there durably (fdatasync before the 201).
 */
export async function bareNodeServer(file: string, putDir?: string): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, [path.join(ROOT, "bench/bare-server.mjs"), file, ...(putDir ? [putDir] : [])], { stdio: ["ignore", "pipe", "inherit"] });
  process.once("exit", () => child.kill("SIGKILL"));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`bare-server.mjs exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => child.kill() };
}

/** Prints rows as an aligned table; the first row is the header. */
export function printRows(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log("");
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => c.padEnd(widths[j]!)).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

/**
 * Seconds until every resource a WebDAV PROPFIND of `url` (Basic `auth`, `depth`) lists shows a SHA-1 in oc:checksums:
 * at once on builds that hash SHA-1 while receiving, later where a blobs.sha1 job fills it after the commit. Benches
 * wait for it so that the deferred hashing is counted and never runs into the next measurement. Throws after 120 s.
 */
export async function secondsUntilSha1(url: string, auth: string, depth: "0" | "1"): Promise<number> {
  const t0 = now();
  for (;;) {
    const res = await fetch(url, {
      method: "PROPFIND",
      headers: { Authorization: auth, Depth: depth, "Content-Type": "application/xml" },
      body: '<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:checksums/></d:prop></d:propfind>',
    });
    const sums = [...(await res.text()).matchAll(/<oc:checksum>([^<]*)<\/oc:checksum>/g)].map((m) => m[1]!);
    if (res.status !== 207 || sums.length === 0) throw new Error(`PROPFIND ${url} for checksums answered ${res.status}`);
    if (sums.every((c) => c.includes("SHA1:"))) return now() - t0;
    if (now() - t0 > 120) throw new Error(`no SHA-1 for ${url} after 120 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
