import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface LoginFlowRecord {
  id: number;
  kind: string;
  loginTokenHash: string;
  pollTokenHash: string | null;
  clientName: string;
  createdAt: Date;
  expiresAt: Date;
  grantedAt: Date | null;
  userId: number | null;
  loginName: string | null;
  sealedPassword: string | null;
  consumedAt: Date | null;
}

/** Nextcloud login flows in progress (token hashes only). */
export class LoginFlowRepository {
  constructor(private readonly db: DbTx) {}

  async create(input: Pick<LoginFlowRecord, "kind" | "loginTokenHash" | "pollTokenHash" | "clientName" | "createdAt" | "expiresAt">): Promise<LoginFlowRecord> {
    return this.db.loginFlow.create({ data: input });
  }

  async findByLoginToken(loginTokenHash: string): Promise<LoginFlowRecord | null> {
    return this.db.loginFlow.findUnique({ where: { loginTokenHash } });
  }

  async findByPollToken(pollTokenHash: string): Promise<LoginFlowRecord | null> {
    return this.db.loginFlow.findUnique({ where: { pollTokenHash } });
  }

  /** Marks an ungranted, unexpired flow granted; false when another request got there first. */
  async grant(id: number, input: { userId: number; loginName: string; sealedPassword: string | null; at: Date }): Promise<boolean> {
    const { count } = await this.db.loginFlow.updateMany({
      where: { id, grantedAt: null, expiresAt: { gt: input.at } },
      data: { userId: input.userId, loginName: input.loginName, sealedPassword: input.sealedPassword, grantedAt: input.at },
    });
    return count === 1;
  }

  /** Takes a granted flow's sealed password exactly once (an atomic update): false when it was already collected. */
  async consume(id: number, at: Date): Promise<boolean> {
    const { count } = await this.db.loginFlow.updateMany({
      where: { id, consumedAt: null, grantedAt: { not: null } },
      data: { consumedAt: at, sealedPassword: null },
    });
    return count === 1;
  }

  async deleteExpired(before: Date): Promise<number> {
    const { count } = await this.db.loginFlow.deleteMany({ where: { expiresAt: { lt: before } } });
    return count;
  }
}
