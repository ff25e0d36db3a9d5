import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface SessionRow {
  id: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userAgent: string | null;
  ip: string | null;
}

export interface ThrottleRow {
  key: string;
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

/** Browser sessions and password-failure counters. */
export class AuthRepository {
  constructor(private readonly db: DbTx) {}

  async createSession(row: Omit<SessionRow, "createdAt" | "lastSeenAt" | "revokedAt"> & { createdAt?: Date; lastSeenAt?: Date }): Promise<void> {
    await this.db.session.create({ data: row });
  }

  async findSession(id: string): Promise<SessionRow | null> {
    return this.db.session.findUnique({ where: { id } });
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.db.session.updateMany({ where: { id }, data: { lastSeenAt: at } });
  }

  async revokeSession(id: string, at: Date): Promise<void> {
    await this.db.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
  }

  async revokeUserSessions(userId: number, at: Date): Promise<void> {
    await this.db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } });
  }

  async sessionsOf(userId: number): Promise<SessionRow[]> {
    return this.db.session.findMany({ where: { userId, revokedAt: null }, orderBy: { lastSeenAt: "desc" } });
  }

  async throttle(key: string): Promise<ThrottleRow | null> {
    return this.db.authThrottle.findUnique({ where: { key } });
  }

  /** Starts a counter at one attempt; false when it exists already (another attempt created it first). */
  async createThrottle(key: string, now: Date): Promise<boolean> {
    return this.db.authThrottle.create({ data: { key, failures: 1, windowStart: now, lockedUntil: null } }).then(
      () => true,
      (e: unknown) => {
        if ((e as { code?: string }).code === "P2002") return false;
        throw e;
      },
    );
  }

  /**
   * One conditional UPDATE: adds an attempt if the counter is still in the window that began at `windowStart`, is
   * not locked at `now` and its count passes `failures`; `lockedUntil` locks it at the same time. True when it did.
   */
  async bumpThrottle(key: string, when: { windowStart: Date; now: Date; failures: { lt?: number; gte?: number; equals?: number } }, lockedUntil?: Date): Promise<boolean> {
    const { count } = await this.db.authThrottle.updateMany({
      where: { key, windowStart: when.windowStart, failures: when.failures, OR: [{ lockedUntil: null }, { lockedUntil: { lte: when.now } }] },
      data: { failures: { increment: 1 }, ...(lockedUntil ? { lockedUntil } : {}) },
    });
    return count === 1;
  }

  /** Starts a new window of one attempt on a counter whose window began at `windowStart`; false if another attempt did. */
  async restartThrottle(key: string, windowStart: Date, now: Date): Promise<boolean> {
    const { count } = await this.db.authThrottle.updateMany({
      where: { key, windowStart, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
      data: { failures: 1, windowStart: now, lockedUntil: null },
    });
    return count === 1;
  }

  /** Takes one attempt back from a counter, if it is still in the window that began at `windowStart`. */
  async refundThrottle(key: string, windowStart: Date): Promise<void> {
    await this.db.authThrottle.updateMany({ where: { key, windowStart, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
  }

  /** Deletes counters whose window began before `windowStartBefore` and that hold no lock at `now`. */
  async deleteStaleThrottles(windowStartBefore: Date, now: Date): Promise<number> {
    const { count } = await this.db.authThrottle.deleteMany({ where: { windowStart: { lt: windowStartBefore }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] } });
    return count;
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.authThrottle.deleteMany({ where: { key } });
  }

  /** Revokes every live session of a user but one (the one that changed the password). */
  async revokeOtherSessions(userId: number, keepId: string | null, at: Date): Promise<number> {
    const { count } = await this.db.session.updateMany({ where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) }, data: { revokedAt: at } });
    return count;
  }

  /** Sessions neither revoked nor expired at `now`, site-wide. */
  async countActiveSessions(now: Date): Promise<number> {
    return this.db.session.count({ where: { revokedAt: null, expiresAt: { gt: now } } });
  }
}
