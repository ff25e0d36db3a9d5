/**
 * Issue 13, the write step of a bulk upload alone: 2,000 4 KiB blobs in batches of 100 into a LocalDriver, the old
 * way (put of a stream, 4 at a time, no folder fsync) beside putBuffers at 4/8/16 in flight, back to back so all see
 * the same load. Reports files/s and this process's CPU ms per file. BENCH_DIR: scratch directory on the data disk.
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/local-put-buffers.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eachAtMost } from "../lib/storage/each-at-most";
import { LocalDriver } from "../lib/storage/local.driver";

const FILES = 2000;
const PER_BATCH = 100;
const BODY = Buffer.alloc(4096, 7);

async function timed(name: string, batch: (driver: LocalDriver, keys: string[]) => Promise<void>, make: (root: string) => LocalDriver) {
  const root = await mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), "put-buffers-"));
  const driver = make(root);
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let done = 0; done < FILES; done += PER_BATCH) await batch(driver, driver.newKeys(PER_BATCH));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { name, filesPerSecond: Math.round(FILES / seconds), cpuMsPerFile: ((cpu.user + cpu.system) / 1000 / FILES).toFixed(3) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const rows = [];
for (let round = 0; round < 2; round++) {
  rows.push(await timed("put x4 (integ)", (d, keys) => eachAtMost(keys.length, 4, async (i) => void (await d.put(keys[i]!, Readable.from([BODY])))), (r) => new LocalDriver(r)));
  for (const n of [8, 32, 64, 128]) {
    rows.push(await timed(`putBuffers x${n}`, async (d, keys) => {
      for (const r of await d.putBuffers(keys.map((key) => ({ key, bytes: BODY })))) if (r.status === "rejected") throw r.reason;
    }, (r) => new LocalDriver(r, { bufferWrites: n })));
  }
}
console.log(JSON.stringify({ load: os.loadavg().map((l) => l.toFixed(2)), threadpool: process.env.UV_THREADPOOL_SIZE ?? "4", rows }, null, 1));
