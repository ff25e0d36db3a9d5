import "server-only";
import type { DbTx } from "@/lib/db/client";

/** Visitor uploads (upload rows of share links) as the visitor rules see them, and fixed-window rate counters. */
export class VisitorUploadRepository {
  constructor(private readonly db: DbTx) {}

  /** Declared bytes of unexpired visitor uploads in a space, and of those on one link. */
  async pending(spaceId: number, linkId: number, now: Date): Promise<{ space: number; link: number }> {
    const live = { spaceId, expiresAt: { gt: now } };
    const [space, link] = await Promise.all([
      this.db.upload.aggregate({ _sum: { size: true }, where: { ...live, shareLinkId: { not: null } } }),
      this.db.upload.aggregate({ _sum: { size: true }, where: { ...live, shareLinkId: linkId } }),
    ]);
    return { space: Number(space._sum.size ?? 0), link: Number(link._sum.size ?? 0) };
  }

  /** Moves a visitor upload's expiry to `expiresAt` unless it is already within `slackMs` of it (one write a minute). */
  async extend(id: string, expiresAt: Date, slackMs: number): Promise<void> {
    await this.db.upload.updateMany({ where: { id, shareLinkId: { not: null }, expiresAt: { lt: new Date(expiresAt.getTime() - slackMs) } }, data: { expiresAt } });
  }

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
