import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";

/** What a password check guards (an account by username, or a share link by id) and the client's address. */
export interface ThrottleTarget {
  /** an account by username, a share link by id, or an account's second factor by user id */
  kind: "acct" | "share" | "2fa";
  id: string;
  ip?: string | null;
}

const WINDOW_MS = 15 * 60 * 1000;
/** Failures one client (IP) may make on one account or link per window; each further one locks that pair, 30 s doubling. */
const CLIENT_FREE = 5;
const MAX_LOCK_MS = 15 * 60 * 1000;
/**
 * The wide counters: every client of one account or link, and one IP across accounts (or across links). Past their free
 * failures only clients without failures of their own on that account or link get through, one attempt per WIDE_GAP_MS.
 */
const WIDE_FREE = { acct: 20, share: 20, "2fa": 20, ipAcct: 100, ipShare: 20 } as const;
const WIDE_GAP_MS = 10_000;
/** Compare-and-set rounds before a contended attempt is refused (the free path never needs a second one). */
const MAX_ROUNDS = 8;

interface Counter {
  key: string;
  free: number;
  wide: boolean;
  /** past its free failures every client is refused, clean or not (second factors: the password is known already) */
  strict?: boolean;
}

interface Taken {
  key: string;
  windowStart: Date;
  wide: boolean;
  /** the counter had no failures in its window before this attempt */
  clean: boolean;
}

/** The client's own counter first: whether it is clean decides what the wide counters allow. */
function countersOf(t: ThrottleTarget): Counter[] {
  const subject = `${t.kind}:${t.kind === "acct" ? t.id.toLowerCase() : t.id}`;
  const counters: Counter[] = [
    { key: `${subject}|ip:${t.ip || "?"}`, free: CLIENT_FREE, wide: false },
    { key: subject, free: WIDE_FREE[t.kind], wide: true, strict: t.kind === "2fa" },
  ];
  if (t.ip) {
    const shares = t.kind === "share";
    counters.push({ key: shares ? `ip:share:${t.ip}` : `ip:${t.ip}`, free: shares ? WIDE_FREE.ipShare : WIDE_FREE.ipAcct, wide: true });
  }
  return counters;
}

function throttled(ms: number): DomainError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new DomainError("THROTTLED", `Too many failed attempts. Try again in ${seconds} s.`, { retryAfter: seconds });
}

/**
 * Throttles every password check (sign-in, WebDAV Basic, app passwords, share-link passwords) per client and account
 * (or link), with slower limits per account and per IP; the policy is in the README ("Sign-in throttling").
 */
export class ThrottleService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs one password check under the throttle. The attempt is counted before `check` runs, with conditional updates,
   * so parallel guesses cannot all pass a test made before any of them failed; a success gives it back. Throws
   * THROTTLED without running `check` when a counter refuses.
   */
  async guard(target: ThrottleTarget, check: () => Promise<boolean>): Promise<boolean> {
    const taken = await this.take(target);
    const ok = await check();
    if (ok) await this.giveBack(taken, true);
    return ok;
  }

  /**
   * Counts one request (not a password check: mails asked for, uploads created) on `key` in a fixed window and
   * answers whether it is within `limit`; `retryAfter` is the seconds until the window ends.
   */
  async countRequest(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfter: number }> {
    const now = this.clock.now();
    const count = await this.uow.repos.rateCounters.hit(key, windowMs, now);
    return { allowed: count <= limit, retryAfter: Math.ceil((windowMs - (now.getTime() % windowMs)) / 1000) };
  }

  /** Deletes counters whose window is over and that hold no lock (the `throttle.expire` job); returns how many. */
  async expire(): Promise<number> {
    const now = this.clock.now();
    return this.uow.repos.auth.deleteStaleThrottles(new Date(now.getTime() - WINDOW_MS), now);
  }

  private async take(target: ThrottleTarget): Promise<Taken[]> {
    const now = this.clock.now();
    const taken: Taken[] = [];
    try {
      for (const counter of countersOf(target)) taken.push(await this.takeOne(counter, now, taken[0]?.clean ?? true));
    } catch (e) {
      await this.giveBack(taken, false);
      throw e;
    }
    return taken;
  }

  /** Counts one attempt on a counter or throws THROTTLED. `clean`: the client has no failures on this account or link. */
  private async takeOne(counter: Counter, now: Date, clean: boolean): Promise<Taken> {
    const repo = this.uow.repos.auth;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const row = await repo.throttle(counter.key);
      if (!row) {
        if (await repo.createThrottle(counter.key, now)) return { key: counter.key, windowStart: now, wide: counter.wide, clean: true };
        continue;
      }
      const windowEnd = row.windowStart.getTime() + WINDOW_MS;
      const stale = now.getTime() >= windowEnd;
      if (counter.wide && (!clean || counter.strict) && !stale && row.failures >= counter.free) throw throttled(windowEnd - now.getTime());
      if (row.lockedUntil && row.lockedUntil > now) throw throttled(row.lockedUntil.getTime() - now.getTime());
      if (stale) {
        if (await repo.restartThrottle(counter.key, row.windowStart, now)) return { key: counter.key, windowStart: now, wide: counter.wide, clean: true };
        continue;
      }
      const when = { windowStart: row.windowStart, now };
      const taken = { key: counter.key, windowStart: row.windowStart, wide: counter.wide, clean: row.failures === 0 };
      if (row.failures < counter.free) {
        if (await repo.bumpThrottle(counter.key, { ...when, failures: { lt: counter.free } })) return taken;
      } else if (!counter.wide) {
        // Checked, and locking the client out of the attempts after it until its outcome is known and beyond.
        const lockMs = Math.min(30_000 * 2 ** (row.failures - counter.free), MAX_LOCK_MS);
        if (await repo.bumpThrottle(counter.key, { ...when, failures: { equals: row.failures } }, new Date(now.getTime() + lockMs))) return taken;
      } else if (await repo.bumpThrottle(counter.key, { ...when, failures: { gte: counter.free } }, new Date(now.getTime() + WIDE_GAP_MS))) {
        return taken;
      }
    }
    throw throttled(1000);
  }

  /** A success clears the client's own counter and refunds the wide ones; a refused attempt refunds them all. */
  private async giveBack(taken: Taken[], succeeded: boolean): Promise<void> {
    const repo = this.uow.repos.auth;
    for (const t of taken) {
      if (succeeded && !t.wide) await repo.clearThrottle(t.key);
      else await repo.refundThrottle(t.key, t.windowStart);
    }
  }
}
