/**
 * The job runner's pace on a backlog of search.index jobs (issue 11's job runner): FILES small text files are
 * uploaded through the batch path (their index jobs queued in one statement), then a JobWorker started as the server
 * starts it (registerJobHandlers, start()) works the backlog off; prints files indexed per second and this process's
 * CPU ms per file. In process, on the sources (no build). BENCH_FILES (1300, the e2e large folder's count);
 * BENCH_PROVIDER=postgres runs on a throwaway PostgreSQL database (HAVEN_TEST_PG_URL) instead of SQLite.
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/index-jobs.ts
 */
import os from "node:os";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { makeUser } from "../test/helpers/factories";
import { createHarness } from "../test/helpers/services";

const FILES = Number(process.env.BENCH_FILES ?? 1300);
const PER_BATCH = 100;
const provider = process.env.BENCH_PROVIDER === "postgres" ? "postgres" : "sqlite";

const h = await createHarness(provider);
try {
  const { actor, rootId } = await makeUser(h.services);
  for (let first = 0; first < FILES; first += PER_BATCH) {
    const files = Array.from({ length: Math.min(PER_BATCH, FILES - first) }, (_, i) => ({
      parentId: rootId,
      name: `note-${first + i}.txt`,
      content: Buffer.from(`Meeting note ${first + i}: the quarterly plan, budget and the okapi${first + i} project.\n`.repeat(20)),
    }));
    for (const r of await h.services.uploads.putMany(actor, files)) if (!r.ok) throw r.error;
  }
  const jobs = h.services.uow.repos.jobs;
  const pending = async () => (await jobs.list({ type: "search.index", status: "queued" }, FILES + 1)).length + (await jobs.list({ type: "search.index", status: "running" }, FILES + 1)).length;
  if ((await pending()) !== FILES) throw new Error(`expected ${FILES} queued index jobs, found ${await pending()}`);
  const worker = new JobWorker(h.services.uow, h.services.clock);
  registerJobHandlers(worker, h.services);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  worker.start();
  while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await worker.stop();
  const done = (await jobs.list({ type: "search.index", status: "done" }, FILES + 1)).length;
  const hits = await h.services.search.search(actor, { q: `okapi${FILES - 1}`, scope: "all", fulltext: true });
  if (done !== FILES || hits.items.length !== 1) throw new Error(`${done} of ${FILES} jobs done, ${hits.items.length} hits for the last file's word`);
  console.log(JSON.stringify({ provider, files: FILES, seconds: +seconds.toFixed(2), filesPerSecond: Math.round(FILES / seconds), cpuMsPerFile: +((cpu.user + cpu.system) / 1000 / FILES).toFixed(2), load: os.loadavg()[0]!.toFixed(2) }));
} finally {
  await h.close();
}
