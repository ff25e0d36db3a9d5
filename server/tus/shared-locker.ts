import { ERRORS, type Lock, type Locker, type RequestRelease } from "@tus/server";

const RETRY_MS = 100;
const RENOTIFY_MS = 1000;

/** Where instances keep upload locks (PostgreSQL advisory locks, Redis keys) and how they ask a holder to let go. */
export interface LockBackend {
  /** Takes `id`'s lock for this instance if it is free. Never called for an id this instance holds. */
  tryLock(id: string): Promise<boolean>;
  unlock(id: string): Promise<void>;
  /** Asks whichever instance holds `id` to release it; that instance calls `SharedLocker.releaseRequested(id)`. */
  askRelease(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * @tus/server's locker for several instances, so an upload begun on one instance resumes on another without two
 * requests writing it at once. Within the instance a map serialises requests first (the backend is asked only
 * for ids this instance does not hold); a request waiting for a lock held elsewhere asks the holder to let go, and
 * the holder cancels its request, as @tus/server's MemoryLocker does within one process. A lock not had within
 * `acquireTimeoutMs` (or before the request stops) fails with ERR_LOCK_TIMEOUT.
 */
export class SharedLocker implements Locker {
  /** upload ids locked by this instance, with how to ask their holder to let go */
  readonly held = new Map<string, { requestRelease?: RequestRelease }>();

  constructor(
    readonly backend: LockBackend,
    readonly acquireTimeoutMs = 30_000,
  ) {}

  newLock(id: string): Lock {
    return new SharedLock(id, this);
  }

  /** Another instance wants `id`: asks this instance's holder, if any, to finish. */
  releaseRequested(id: string): void {
    const holder = this.held.get(id);
    if (holder) void Promise.resolve(holder.requestRelease?.()).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

class SharedLock implements Lock {
  constructor(
    private readonly id: string,
    private readonly locker: SharedLocker,
  ) {}

  async lock(stopSignal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { held, backend } = this.locker;
    const deadline = Date.now() + this.locker.acquireTimeoutMs;
    let askedAt = 0;
    for (;;) {
      if (stopSignal.aborted) throw ERRORS.ERR_LOCK_TIMEOUT;
      const local = held.get(this.id);
      if (local) {
        await local.requestRelease?.();
      } else {
        held.set(this.id, { requestRelease });
        let got = false;
        try {
          got = await backend.tryLock(this.id);
        } finally {
          if (!got) held.delete(this.id);
        }
        if (got) return;
        if (Date.now() - askedAt >= RENOTIFY_MS) {
          askedAt = Date.now();
          await backend.askRelease(this.id);
        }
      }
      if (Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      await new Promise((resolve) => setTimeout(resolve, local ? 5 : RETRY_MS));
    }
  }

  async unlock(): Promise<void> {
    try {
      await this.locker.backend.unlock(this.id);
    } finally {
      // Only now may another request of this instance ask the backend (a PostgreSQL advisory lock would nest).
      this.locker.held.delete(this.id);
    }
  }
}
