import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createHarness, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

let h: TestHarness;
beforeAll(async () => {
  h = await createHarness("sqlite");
});
afterAll(async () => h?.close());

/**
 * The WAL-index (the -shm file, SQLite's documented format): the header's mxFrame (frames in the WAL) at byte 16, the
 * checkpoint info's nBackfill (frames already copied into the database) at byte 96, both in native byte order.
 */
async function walState(): Promise<{ frames: number; backfilled: number }> {
  const shm = await readFile(path.join(h.dataDir, "haven.db-shm"));
  return { frames: shm.readUInt32LE(16), backfilled: shm.readUInt32LE(96) };
}

it("SQLite's WAL is checkpointed by the worker, not by the commits (their own threshold is 10,000 pages)", async () => {
  const { actor, rootId } = await makeUser(h.services);
  for (let i = 0; i < 20; i++) await putFile(h.services, actor, rootId, `f${i}.txt`, `file ${i}`);
  const written = await walState();
  expect(written.frames).toBeGreaterThan(100);
  // Far below the writers' threshold, so only the worker copies the frames into the database (within a round or two).
  // A later commit (the day's counters) may add frames meanwhile, or, once all were copied, start the WAL over (fewer
  // frames than before: SQLite restarts it only after a complete checkpoint). Either shows the worker's checkpoint.
  const checkpointed = async () => {
    const now = await walState();
    return now.backfilled >= written.frames || now.frames < written.frames;
  };
  await expect.poll(checkpointed, { timeout: 5_000, interval: 100 }).toBe(true);
});
