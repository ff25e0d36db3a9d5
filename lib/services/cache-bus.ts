import "server-only";

/**
 * Invalidation of in-process caches across instances. A cache subscribes to a topic and drops what a message's key
 * names; a service publishes after its change is committed. Messages reach this instance's subscribers at once and
 * the other instances' a few milliseconds later (PostgreSQL NOTIFY, or Redis pub/sub when HAVEN_REDIS_URL is set;
 * a single SQLite instance has only itself).
 *
 * The contract for a cache: delivery to other instances is prompt but not synchronous with the publisher's answer,
 * so a cache that must honour a revocation on the very next request (credentials, access) still validates its entry
 * per request against the database (cheaply: a row it reads anyway, an ETag, a generation). The bus bounds how long
 * a stale entry is *kept* and lets caches skip expensive re-checks of entries nobody changed. When a transport may
 * have missed messages (its connection dropped), every subscriber gets WILDCARD: drop everything.
 */
export type CacheHandler = (key: string) => void;

/** The key that means "anything of this topic may have changed". */
export const WILDCARD = "*";

/** What changed, named for the caches that depend on it. Keys are decimal ids. */
export const CACHE_TOPICS = {
  /** a user's password, app passwords, account state (disabled, role, 2FA): key = userId */
  credentials: "credentials",
  /** what a user may reach (team membership, grants): key = userId */
  access: "access",
  /** a blob's SHA-1 was filled after its commit (ETags stay as they were): key = blobId */
  checksums: "checksums",
} as const;
export type CacheTopic = (typeof CACHE_TOPICS)[keyof typeof CACHE_TOPICS];

/** Carries messages to the other instances. */
export interface CacheBusTransport {
  send(topic: string, key: string): Promise<void>;
  /** Starts listening: `receive` for other instances' messages, `gap` when messages may have been lost. */
  start(receive: (topic: string, key: string) => void, gap: () => void): void;
  close(): Promise<void>;
}

export class CacheBus {
  private readonly handlers = new Map<string, Set<CacheHandler>>();

  private listening = false;

  constructor(private readonly transport: CacheBusTransport | null = null) {}

  /**
   * Starts hearing the other instances (the server calls it at boot). Until then only messages published by this
   * process reach its subscribers; a CLI run publishes without listening.
   */
  listen(): void {
    if (this.listening || !this.transport) return;
    this.listening = true;
    this.transport.start(
      (topic, key) => this.deliver(topic, key),
      () => {
        for (const topic of this.handlers.keys()) this.deliver(topic, WILDCARD);
      },
    );
  }

  /** Calls `handler` with each key published on `topic` (here or elsewhere); returns the unsubscribe. */
  subscribe(topic: CacheTopic, handler: CacheHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /**
   * Invalidates `key` of `topic` on this instance now and on the others as soon as they hear it. Call it after the
   * change is committed. Never throws: a lost message costs only a kept stale entry, which validation still refuses.
   */
  async publish(topic: CacheTopic, key: string | number): Promise<void> {
    this.deliver(topic, String(key));
    await this.transport?.send(topic, String(key)).catch((e: unknown) => console.error(`cache bus: publishing ${topic} failed`, e));
  }

  close(): Promise<void> {
    return this.transport?.close() ?? Promise.resolve();
  }

  private deliver(topic: string, key: string): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(key);
      } catch (e) {
        console.error(`cache bus: a ${topic} subscriber failed`, e);
      }
    }
  }
}
