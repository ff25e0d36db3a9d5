import "server-only";
import { NativeDate } from "@/lib/domain/native-date";

/** A Basic credential that passed its argon2 check: what it was checked against, and whose it is. */
export interface VerifiedCredential {
  /** the hash the password was verified against: a changed password or app password no longer matches it */
  hash: string;
  appPasswordId: number | null;
  userId: number;
}

/**
 * Verified credentials remembered per process, so a sync client's thousands of requests skip argon2 (keys are
 * HMACs of username and password, never the password). Every hit is still re-checked against the database by
 * AppPasswordService (one statement: CredentialRepository.state), so a revocation, a password change, a disabled
 * or expired account or two-step verification turned on refuse the very next request on every instance without any
 * invalidation. `invalidateUser` only drops entries early (memory); the cache bus (CACHE_TOPICS.credentials) calls it on every instance.
 */
export interface CredentialCache {
  get(key: string): VerifiedCredential | null;
  remember(key: string, credential: VerifiedCredential): void;
  forget(key: string): void;
  invalidateUser(userId: number): void;
  /** Drops the entries of one app password (its user's other credentials stay: a revoke must not undo a lock-out's exemption). */
  invalidateAppPassword(appPasswordId: number): void;
  /** Drops every entry (a cache bus that lost its connection may have missed invalidations). */
  clear(): void;
}

const TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 1000;

/** The in-process CredentialCache: least recently used entries go first past MAX_ENTRIES, every entry after TTL_MS. */
export class MemoryCredentialCache implements CredentialCache {
  private readonly entries = new Map<string, VerifiedCredential & { until: number }>();

  /** How many credentials are remembered (expired ones included until they are next looked up). */
  get size(): number {
    return this.entries.size;
  }

  get(key: string): VerifiedCredential | null {
    const hit = this.entries.get(key);
    if (!hit) return null;
    this.entries.delete(key);
    if (hit.until < NativeDate.now()) return null;
    this.entries.set(key, hit); // most recently used last
    return hit;
  }

  remember(key: string, credential: VerifiedCredential): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...credential, until: NativeDate.now() + TTL_MS });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  invalidateUser(userId: number): void {
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  invalidateAppPassword(appPasswordId: number): void {
    for (const [key, entry] of this.entries) if (entry.appPasswordId === appPasswordId) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
