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

  async createSession(row: Omit<SessionRow, "createdAt" | "lastSeenAt" | "revokedAt">): Promise<void> {
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

  async saveThrottle(row: ThrottleRow): Promise<void> {
    await this.db.authThrottle.upsert({ where: { key: row.key }, create: row, update: row });
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.authThrottle.deleteMany({ where: { key } });
  }

  /** Revokes every live session of a user but one (the one that changed the password). */
  async revokeOtherSessions(userId: number, keepId: string | null, at: Date): Promise<void> {
    await this.db.session.updateMany({ where: { userId, revokedAt: null, ...(keepId ? { id: { not: keepId } } : {}) }, data: { revokedAt: at } });
  }
}
