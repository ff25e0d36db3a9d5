import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface WopiLockRecord {
  nodeId: number;
  lockId: string;
  userId: number;
  expiresAt: Date;
}

/** WOPI lock rows, one per file. Expiry is the caller's rule: an expired row is as good as none. */
export class WopiLockRepository {
  constructor(private readonly db: DbTx) {}

  async find(nodeId: number): Promise<WopiLockRecord | null> {
    return this.db.wopiLock.findUnique({ where: { nodeId }, select: { nodeId: true, lockId: true, userId: true, expiresAt: true } });
  }

  /** Sets the file's lock (taking over an expired row). */
  async put(lock: WopiLockRecord): Promise<void> {
    await this.db.wopiLock.upsert({ where: { nodeId: lock.nodeId }, create: lock, update: { lockId: lock.lockId, userId: lock.userId, expiresAt: lock.expiresAt } });
  }

  async remove(nodeId: number): Promise<void> {
    await this.db.wopiLock.deleteMany({ where: { nodeId } });
  }
}
