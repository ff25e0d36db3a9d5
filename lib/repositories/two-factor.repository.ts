import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface TwoFactorRow {
  userId: number;
  secret: string;
  enabledAt: Date | null;
  lastStep: number | null;
}

/** TOTP secrets and one-time recovery codes (hashes only). */
export class TwoFactorRepository {
  constructor(private readonly db: DbTx) {}

  async find(userId: number): Promise<TwoFactorRow | null> {
    return this.db.twoFactor.findUnique({ where: { userId }, select: { userId: true, secret: true, enabledAt: true, lastStep: true } });
  }

  async isEnabled(userId: number): Promise<boolean> {
    return (await this.db.twoFactor.count({ where: { userId, enabledAt: { not: null } } })) > 0;
  }

  /** Starts (or restarts) an enrolment that is not enabled yet. */
  async savePending(userId: number, secret: string): Promise<void> {
    await this.db.twoFactor.upsert({ where: { userId }, create: { userId, secret }, update: { secret, enabledAt: null, lastStep: null } });
  }

  /** Swaps a stored secret for another form of it (clear → sealed), unless it changed meanwhile. */
  async replaceSecret(userId: number, from: string, to: string): Promise<void> {
    await this.db.twoFactor.updateMany({ where: { userId, secret: from }, data: { secret: to } });
  }

  async enable(userId: number, at: Date, step: number): Promise<void> {
    await this.db.twoFactor.update({ where: { userId }, data: { enabledAt: at, lastStep: step } });
  }

  /** Records `step` as used if it is later than the last one used; false for a replayed or older code. */
  async acceptStep(userId: number, step: number): Promise<boolean> {
    const { count } = await this.db.twoFactor.updateMany({ where: { userId, OR: [{ lastStep: null }, { lastStep: { lt: step } }] }, data: { lastStep: step } });
    return count === 1;
  }

  async remove(userId: number): Promise<void> {
    await this.db.recoveryCode.deleteMany({ where: { userId } });
    await this.db.twoFactor.deleteMany({ where: { userId } });
  }

  async replaceRecoveryCodes(userId: number, hashes: string[]): Promise<void> {
    await this.db.recoveryCode.deleteMany({ where: { userId } });
    await this.db.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  }

  /** Spends an unused recovery code; false when there is none with that hash. */
  async spendRecoveryCode(userId: number, codeHash: string, at: Date): Promise<boolean> {
    const { count } = await this.db.recoveryCode.updateMany({ where: { userId, codeHash, usedAt: null }, data: { usedAt: at } });
    return count > 0;
  }

  async unusedRecoveryCodes(userId: number): Promise<number> {
    return this.db.recoveryCode.count({ where: { userId, usedAt: null } });
  }
}
