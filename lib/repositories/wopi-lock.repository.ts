import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface WopiLockRecord {
  nodeId: number;
  lockId: string;
  userId: number;
  expiresAt: Date;
}

/** WOPI lock rows, one per file. An expired row is as good as none. */
export class WopiLockRepository {
  constructor(private readonly db: DbTx) {}

  /** The file's lock unless it expired by `now`. */
  async findLive(nodeId: number, now: Date): Promise<WopiLockRecord | null> {
    const lock = await this.db.wopiLock.findUnique({ where: { nodeId }, select: { nodeId: true, lockId: true, userId: true, expiresAt: true } });
    return lock && lock.expiresAt > now ? lock : null;
  }

  /** Sets the file's lock (taking over an expired row). */
  async put(lock: WopiLockRecord): Promise<void> {
    await this.db.wopiLock.upsert({ where: { nodeId: lock.nodeId }, create: lock, update: { lockId: lock.lockId, userId: lock.userId, expiresAt: lock.expiresAt } });
  }

  async remove(nodeId: number): Promise<void> {
    await this.db.wopiLock.deleteMany({ where: { nodeId } });
  }
}
