import "server-only";
import type { DbTx } from "@/lib/db/client";

/** Fixed-window request counters (not password throttles): one row per key and window, deleted once past. */
export class RateCounterRepository {
  constructor(private readonly db: DbTx) {}

  /** Counts one hit on `key` in the current fixed window of `windowMs` and returns the window's count so far. */
  async hit(key: string, windowMs: number, now: Date): Promise<number> {
    const window = Math.floor(now.getTime() / windowMs);
    const id = `${key}@${window}`;
    const upsert = () =>
      this.db.rateCounter.upsert({ where: { key: id }, create: { key: id, count: 1, expiresAt: new Date((window + 1) * windowMs) }, update: { count: { increment: 1 } } });
    // Two first hits of a window may race to create its row: the loser counts on the winner's.
    const row = await upsert().catch((e: { code?: string }) => (e?.code === "P2002" ? upsert() : Promise.reject(e)));
    if (row.count === 1) await this.db.rateCounter.deleteMany({ where: { expiresAt: { lte: now } } });
    return row.count;
  }
}
