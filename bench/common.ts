/** Helpers both benchmark suites share (bench/bench.ts and bench/webdav-bench.ts). */
import { spawn } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { open } from "node:fs/promises";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const MiB = 1024 * 1024;
/** dd's unit: throughput is reported in MB/s (10^6 bytes per second) */
export const MB = 1e6;

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const now = () => performance.now() / 1000;

/** Writes `size` random bytes in 8 MiB pieces (never all in memory) and makes them durable. */
export async function makeRandomFile(file: string, size: number): Promise<void> {
  const handle = await open(file, "w");
  const buf = Buffer.alloc(8 * MiB);
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(buf.length, size - written);
      randomFillSync(buf, 0, n);
      await handle.write(buf, 0, n);
      written += n;
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
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
