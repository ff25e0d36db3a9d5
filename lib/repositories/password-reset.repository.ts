import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface PasswordResetRow {
  id: number;
  tokenHash: string;
  userId: number;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Forgot-password tokens (hashes only). */
export class PasswordResetRepository {
  constructor(private readonly db: DbTx) {}

  async create(row: Pick<PasswordResetRow, "tokenHash" | "userId" | "expiresAt">): Promise<void> {
    await this.db.passwordReset.create({ data: row });
  }

  async findByHash(tokenHash: string): Promise<PasswordResetRow | null> {
    return this.db.passwordReset.findUnique({ where: { tokenHash } });
  }

  /** Marks the token used if nobody did yet; false when it was already used (a token works once). */
  async claim(id: number, at: Date): Promise<boolean> {
    return (await this.db.passwordReset.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } })).count === 1;
  }

  /** Retires every unused token of a user (after a reset, or a password change). */
  async retireAll(userId: number, at: Date): Promise<void> {
    await this.db.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: at } });
  }
}
