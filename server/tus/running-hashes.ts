import { createHash, type Hash } from "node:crypto";

/** A running SHA-256 of an upload's first `offset` bytes. */
export interface HashState {
  hash: Hash;
  offset: number;
  touchedAt: number;
}

/**
 * The SHA-256 of each upload in progress on this instance, extended by each write that continues exactly where the
 * last one ended. A write from another offset (a resume on another instance, after a restart, after a broken
 * write whose stored length is unknown) finds no state: the digest is then unknown, and whoever finishes the
 * upload hashes the stored bytes instead. A state idle for `idleMs` is forgotten.
 */
export class RunningHashes {
  private readonly states = new Map<string, HashState>();

  constructor(private readonly idleMs: number) {}

  /** The running hash to extend from `offset`: started at 0, kept only while it matches the stored bytes. */
  at(id: string, offset: number): HashState | undefined {
    this.forgetIdle();
    const existing = this.states.get(id);
    if (existing && existing.offset === offset) return existing;
    this.states.delete(id);
    if (offset !== 0) return undefined;
    const fresh = { hash: createHash("sha256"), offset: 0, touchedAt: Date.now() };
    this.states.set(id, fresh);
    return fresh;
  }

  /** The SHA-256 of the upload's first `size` bytes if it was computed while receiving; forgets it. */
  take(id: string, size: number): string | undefined {
    const state = this.states.get(id);
    this.states.delete(id);
    return state && state.offset === size ? state.hash.digest("hex") : undefined;
  }

  forget(id: string): void {
    this.states.delete(id);
  }

  private forgetIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [id, state] of this.states) if (state.touchedAt < cutoff) this.states.delete(id);
  }
}
