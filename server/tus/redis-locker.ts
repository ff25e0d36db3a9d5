import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { SharedLocker, type LockBackend } from "./shared-locker";

const CHANNEL = "haven:tus:release";
const keyOf = (id: string) => `haven:tus:lock:${id}`;
/** A lock lives this long unless its holder renews it (a crashed instance's locks free themselves). */
const TTL_MS = 30_000;
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/**
 * Upload locks as Redis keys (SET NX with a token and an expiry the holder renews; released only by the token's
 * owner), release requests by pub/sub.
 */
class RedisLockBackend implements LockBackend {
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly subscribed: Promise<unknown>;
  private readonly mine = new Map<string, { token: string; renew: NodeJS.Timeout }>();

  constructor(url: string, onReleaseRequested: (id: string) => void) {
    this.client = new Redis(url, { maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url);
    this.subscriber.on("message", (_channel: string, id: string) => onReleaseRequested(id));
    this.subscribed = this.subscriber.subscribe(CHANNEL);
    for (const c of [this.client, this.subscriber]) c.on("error", (e: Error) => console.error("tus locker: Redis", e.message));
  }

  async tryLock(id: string): Promise<boolean> {
    await this.subscribed;
    const token = randomUUID();
    if ((await this.client.set(keyOf(id), token, "PX", TTL_MS, "NX")) !== "OK") return false;
    const renew = setInterval(() => void this.client.eval(RENEW, 1, keyOf(id), token, TTL_MS).catch(() => undefined), TTL_MS / 3);
    renew.unref();
    this.mine.set(id, { token, renew });
    return true;
  }

  async unlock(id: string): Promise<void> {
    const held = this.mine.get(id);
    if (!held) return;
    clearInterval(held.renew);
    this.mine.delete(id);
    await this.client.eval(RELEASE, 1, keyOf(id), held.token);
  }

  async askRelease(id: string): Promise<void> {
    await this.client.publish(CHANNEL, id);
  }

  async close(): Promise<void> {
    for (const held of this.mine.values()) clearInterval(held.renew);
    await Promise.all([this.client.quit(), this.subscriber.quit()]).catch(() => undefined);
  }
}

/** The tus locker for instances sharing one Redis (HAVEN_REDIS_URL). */
export function redisLocker(url: string, acquireTimeoutMs?: number): SharedLocker {
  let locker: SharedLocker | undefined;
  const backend = new RedisLockBackend(url, (id) => locker?.releaseRequested(id));
  locker = new SharedLocker(backend, acquireTimeoutMs);
  return locker;
}
