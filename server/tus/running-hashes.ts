import { OffThreadHash, type ReceivedDigests } from "@/lib/storage/off-thread-hash";

/** The running digests (SHA-256, and SHA-1 unless left to the blob's job; hashed off the main thread) of an upload's first `offset` bytes. */
export interface HashState {
  hash: OffThreadHash;
  offset: number;
  touchedAt: number;
}

/**
 * The digests of each upload in progress on this instance, extended by each write that continues exactly where the
 * last one ended. A write from another offset (a resume on another instance, after a restart, after a broken
 * write whose stored length is unknown) finds no state: the digests are then unknown, and whoever finishes the
 * upload hashes the stored bytes instead. A state idle for `idleMs` is forgotten.
 */
export class RunningHashes {
  private readonly states = new Map<string, HashState>();

  /** `sha1: false`: SHA-256 alone (the committed blob gets its SHA-1 from its blobs.sha1 job). */
  constructor(
    private readonly idleMs: number,
    private readonly opts: { sha1: boolean },
  ) {}

  /** The running hash to extend from `offset`: started at 0, kept only while it matches the stored bytes. */
  at(id: string, offset: number): HashState | undefined {
    this.forgetIdle();
    const existing = this.states.get(id);
    if (existing && existing.offset === offset) return existing;
    this.forget(id);
    if (offset !== 0) return undefined;
    const fresh = { hash: new OffThreadHash({ sha1: this.opts.sha1 }), offset: 0, touchedAt: Date.now() };
    this.states.set(id, fresh);
    return fresh;
  }

  /**
   * The digests of the upload's first `size` bytes if they were computed while receiving; forgets them. Undefined
   * when they were not (or the hashing thread failed): the caller hashes the stored bytes.
   */
  async take(id: string, size: number): Promise<ReceivedDigests | undefined> {
    const state = this.states.get(id);
    this.states.delete(id);
    if (!state) return undefined;
    if (state.offset !== size) {
      state.hash.dispose();
      return undefined;
    }
    return state.hash.digest().catch((e: unknown) => {
      console.error(`upload ${id}: hashing while receiving failed; the stored bytes will be hashed`, e);
      return undefined;
    });
  }

  forget(id: string): void {
    this.states.get(id)?.hash.dispose();
    this.states.delete(id);
  }

  private forgetIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [id, state] of this.states) if (state.touchedAt < cutoff) this.forget(id);
  }
}
