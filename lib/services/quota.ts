import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Repositories } from "@/lib/repositories";

/**
 * The one refusal for a write that does not fit a space's quota. It names the bytes asked for, never the quota or
 * the usage (a share-link visitor may see it).
 */
export function quotaExceeded(needed: number): DomainError {
  return new DomainError("QUOTA_EXCEEDED", `Not enough space: ${needed} more bytes would exceed the quota.`, { needed });
}

/**
 * Adds `bytes` to the space's usage, in one conditional UPDATE, if usage plus reservations stays within its quota;
 * otherwise QUOTA_EXCEEDED and nothing changes. `releasing` turns that much of the caller's own reservation into
 * usage in the same statement (an upload committing). On PostgreSQL the UPDATE also holds the space's row lock for
 * the rest of the transaction, which serialises tree changes within the space.
 */
export async function chargeQuota(repos: Repositories, spaceId: number, bytes: number, opts: { releasing?: number } = {}): Promise<void> {
  if (!(await repos.spaces.tryCharge(spaceId, bytes, opts.releasing ?? 0))) throw quotaExceeded(bytes);
}

/** Reserves `bytes` for an upload that has not sent them yet, under the same rule. */
export async function reserveQuota(repos: Repositories, spaceId: number, bytes: number): Promise<void> {
  if (!(await repos.spaces.tryReserve(spaceId, bytes))) throw quotaExceeded(bytes);
}

/** Bytes a space can still take (null: unlimited), counting every reservation but `ownReservation`. */
export function remainingQuota(space: { quota: number | null; usedBytes: number; reservedBytes: number }, ownReservation = 0): number | null {
  if (space.quota === null) return null;
  return Math.max(0, space.quota - space.usedBytes - space.reservedBytes + ownReservation);
}
