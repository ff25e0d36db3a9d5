import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";

const WINDOW_MS = 15 * 60 * 1000;
/** failures allowed per key inside a window before lock-outs start */
const FREE_FAILURES = { acct: 5, ip: 20 } as const;
const MAX_LOCK_MS = 15 * 60 * 1000;

/**
 * Throttles password checks per account and per IP (login, WebDAV Basic, share passwords).
 * After the free failures each further failure locks the key for 30 s, doubling up to 15 min.
 */
export class ThrottleService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Throws THROTTLED if any key is locked right now. */
  async assertAllowed(keys: string[]): Promise<void> {
    const now = this.clock.now();
    for (const key of keys) {
      const row = await this.uow.repos.auth.throttle(key);
      if (row?.lockedUntil && row.lockedUntil > now) {
        const seconds = Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
        throw new DomainError("THROTTLED", `Too many failed attempts. Try again in ${seconds} s.`, { retryAfter: seconds });
      }
    }
  }

  async recordFailure(keys: string[]): Promise<void> {
    const now = this.clock.now();
    for (const key of keys) {
      const row = await this.uow.repos.auth.throttle(key);
      const fresh = !row || now.getTime() - row.windowStart.getTime() > WINDOW_MS;
      const failures = fresh ? 1 : row.failures + 1;
      const free = key.startsWith("ip:") ? FREE_FAILURES.ip : FREE_FAILURES.acct;
      const over = failures - free;
      const lockedUntil = over > 0 ? new Date(now.getTime() + Math.min(30_000 * 2 ** (over - 1), MAX_LOCK_MS)) : null;
      await this.uow.repos.auth.saveThrottle({ key, failures, windowStart: fresh ? now : row.windowStart, lockedUntil });
    }
  }

  async recordSuccess(keys: string[]): Promise<void> {
    for (const key of keys) await this.uow.repos.auth.clearThrottle(key);
  }
}

export function loginKeys(username: string, ip: string | null | undefined): string[] {
  return [`acct:${username.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}
