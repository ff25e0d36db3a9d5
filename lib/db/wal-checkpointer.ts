import "server-only";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** better-sqlite3's entry for the worker to load: resolved from here, else by name from the working directory. */
function betterSqlite3Entry(): string {
  try {
    return createRequire(import.meta.url).resolve("better-sqlite3");
  } catch {
    return "better-sqlite3";
  }
}

/** How often the worker checkpoints (a checkpoint with nothing to copy only reads the WAL index). */
const INTERVAL_MS = 200;

/**
 * The WAL size (pages) at which a writer still checkpoints by itself: SQLite's safety net, set on the writing
 * connection (createDb), far above what the worker lets pile up between two of its rounds.
 */
export const WRITER_CHECKPOINT_PAGES = 10_000;

/**
 * Checkpoints a SQLite database's WAL from a worker thread, with its own connection: copying the WAL's pages into the
 * database and the two fsyncs that go with it. Without it, the commit that crosses SQLite's default threshold (1,000
 * pages, about 35 small PUTs) does that on the event loop: measured 5-6 ms once every few dozen PUTs, with every
 * request waiting. PASSIVE never blocks writers or readers; pages a reader may still need wait for the next round.
 */
export class WalCheckpointer {
  private worker: Worker | null;

  constructor(file: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, betterSqlite3: betterSqlite3Entry(), intervalMs: INTERVAL_MS } });
    // Never what keeps the process alive; if it dies, the writer's own checkpoints (WRITER_CHECKPOINT_PAGES) remain.
    this.worker.unref();
    this.worker.on("error", (e) => console.error("sqlite: the WAL checkpointer stopped (commits checkpoint by themselves now)", e));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}

/** The worker: opens the database once it exists (the server migrates it first), then checkpoints every round. */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.betterSqlite3);
let db = null;
setInterval(() => {
  try {
    db ??= new Database(workerData.file, { fileMustExist: true, timeout: 0 });
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (e) {
    if (!["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN"].includes(e.code)) throw e;
  }
}, workerData.intervalMs);
`;
