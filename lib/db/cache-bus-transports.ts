import "server-only";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import type { CacheBusTransport } from "@/lib/services/cache-bus";

/** PostgreSQL channel and Redis channel of cache invalidations. */
const CHANNEL = "haven_cache";
const RECONNECT_MS = 1000;

type Message = { o: string; t: string; k: string };

/** Messages carry their sender, so an instance skips its own (it delivered them locally already). */
function codec() {
  const origin = randomBytes(8).toString("hex");
  return {
    encode: (topic: string, key: string) => JSON.stringify({ o: origin, t: topic, k: key } satisfies Message),
    decode: (payload: string | undefined): Message | null => {
      try {
        const m = JSON.parse(payload ?? "") as Message;
        return m.o === origin || typeof m.t !== "string" || typeof m.k !== "string" ? null : m;
      } catch {
        return null;
      }
    },
  };
}

/**
 * LISTEN/NOTIFY on one connection per instance. After the connection drops it reconnects, and reports a gap (what
 * was published meanwhile was not heard).
 */
export class PgNotifyTransport implements CacheBusTransport {
  private readonly codec = codec();
  private session: Promise<pg.Client> | null = null;
  private started = false;
  private closed = false;
  private receive: (topic: string, key: string) => void = () => undefined;
  private gap: () => void = () => undefined;

  constructor(private readonly databaseUrl: string) {}

  start(receive: (topic: string, key: string) => void, gap: () => void): void {
    this.receive = receive;
    this.gap = gap;
    this.started = true;
    void this.client().catch(() => undefined);
  }

  /** Through the listener's connection once started; before (the CLI, tests) on a connection of its own. */
  async send(topic: string, key: string): Promise<void> {
    const notify = (c: pg.Client) => c.query("SELECT pg_notify($1, $2)", [CHANNEL, this.codec.encode(topic, key)]);
    if (this.started) {
      await notify(await this.client());
      return;
    }
    const once = new pg.Client({ connectionString: this.databaseUrl });
    once.on("error", () => undefined);
    try {
      await once.connect();
      await notify(once);
    } finally {
      await once.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    this.session = null;
    if (session) await (await session.catch(() => null))?.end().catch(() => undefined);
  }

  private client(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error("cache bus closed"));
    this.session ??= this.connect();
    return this.session;
  }

  private connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    const attempt = client.connect().then(async () => {
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    });
    let dropped = false;
    const drop = (e?: Error) => {
      if (dropped) return;
      dropped = true;
      if (e) console.error("cache bus: the PostgreSQL listener failed; caches are flushed and it reconnects", e.message);
      if (this.session === attempt) this.session = null;
      this.gap();
      if (!this.closed) setTimeout(() => void this.client().then(() => this.gap(), () => undefined), RECONNECT_MS).unref();
    };
    client.on("error", drop);
    client.on("end", () => drop());
    client.on("notification", (n) => {
      const m = this.codec.decode(n.payload);
      if (m) this.receive(m.t, m.k);
    });
    attempt.catch((e: Error) => drop(e));
    return attempt;
  }
}

/**
 * Redis pub/sub (when HAVEN_REDIS_URL is set). Connections open on start (a subscriber and a publisher; ioredis
 * reconnects by itself and each reconnect reports a gap); a send before start uses a connection of its own.
 */
export class RedisPubSubTransport implements CacheBusTransport {
  private readonly codec = codec();
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;

  constructor(private readonly url: string) {}

  start(receive: (topic: string, key: string) => void, gap: () => void): void {
    const subscriber = (this.subscriber = this.connection());
    this.publisher = this.connection({ maxRetriesPerRequest: 2 });
    let connectedBefore = false;
    subscriber.on("ready", () => {
      if (connectedBefore) gap();
      connectedBefore = true;
    });
    subscriber.on("message", (_channel: string, payload: string) => {
      const m = this.codec.decode(payload);
      if (m) receive(m.t, m.k);
    });
    void subscriber.subscribe(CHANNEL).catch(() => undefined);
  }

  async send(topic: string, key: string): Promise<void> {
    const message = this.codec.encode(topic, key);
    if (this.publisher) {
      await this.publisher.publish(CHANNEL, message);
      return;
    }
    const once = this.connection({ maxRetriesPerRequest: 1 });
    try {
      await once.publish(CHANNEL, message);
    } finally {
      once.disconnect();
    }
  }

  async close(): Promise<void> {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  private connection(opts: { maxRetriesPerRequest?: number } = {}): Redis {
    const c = new Redis(this.url, opts);
    c.on("error", (e: Error) => console.error("cache bus: Redis", e.message));
    return c;
  }
}

/** The transport for a deployment: Redis when configured, else PostgreSQL when the database is, else none. */
export function cacheBusTransport(databaseUrl: string, redisUrl = process.env.HAVEN_REDIS_URL): CacheBusTransport | null {
  if (redisUrl) return new RedisPubSubTransport(redisUrl);
  return /^postgres(ql)?:/.test(databaseUrl) ? new PgNotifyTransport(databaseUrl) : null;
}
