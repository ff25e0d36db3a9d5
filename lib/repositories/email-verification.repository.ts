import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface EmailVerificationRow {
  id: number;
  tokenHash: string;
  userId: number;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Sign-up verification tokens (hashes only). */
export class EmailVerificationRepository {
  constructor(private readonly db: DbTx) {}

  async create(row: Pick<EmailVerificationRow, "tokenHash" | "userId" | "expiresAt">): Promise<void> {
    await this.db.emailVerification.create({ data: row });
  }

  async findByHash(tokenHash: string): Promise<EmailVerificationRow | null> {
    return this.db.emailVerification.findUnique({ where: { tokenHash }, select: { id: true, tokenHash: true, userId: true, expiresAt: true, usedAt: true } });
  }

  /** Marks the token used if nobody did yet; false when it was (a token works once). */
  async claim(id: number, at: Date): Promise<boolean> {
    return (await this.db.emailVerification.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } })).count === 1;
  }

  /**
   * Disabled accounts that signed up and never verified: they have verification tokens, none used and all expired
   * by `now`. (An account an admin disabled after verification has a used token, so it is never listed.)
   */
  async expiredUnverifiedUserIds(now: Date, limit: number): Promise<number[]> {
    const rows = await this.db.user.findMany({
      where: { disabled: true, emailVerifications: { some: {}, none: { OR: [{ usedAt: { not: null } }, { expiresAt: { gt: now } }] } } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => r.id);
  }
}
