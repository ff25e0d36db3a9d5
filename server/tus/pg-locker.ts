import pg from "pg";
import { SharedLocker, type LockBackend } from "./shared-locker";

/** Wakes the instance holding an upload's lock when another instance wants it (payload: the upload id). */
const CHANNEL = "haven_tus_release";
/** The first key of every tus advisory lock (the second is the upload id's hash), apart from any other use. */
const NAMESPACE = 0x7475_7301;

/**
 * Upload locks as PostgreSQL session advisory locks on one connection per instance, release requests by
 * NOTIFY. If the connection drops, PostgreSQL releases its locks (and the next lock reconnects).
 */
class PgLockBackend implements LockBackend {
  private session: Promise<pg.Client> | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly onReleaseRequested: (id: string) => void,
  ) {}

  async tryLock(id: string): Promise<boolean> {
    const { rows } = await (await this.client()).query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [NAMESPACE, id]);
    return rows[0]!.ok;
  }

  async unlock(id: string): Promise<void> {
    await (await this.client()).query("SELECT pg_advisory_unlock($1, hashtext($2))", [NAMESPACE, id]);
  }

  async askRelease(id: string): Promise<void> {
    await (await this.client()).query("SELECT pg_notify($1, $2)", [CHANNEL, id]);
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await (await session.catch(() => null))?.end().catch(() => undefined);
  }

  private client(): Promise<pg.Client> {
    this.session ??= this.connect();
    return this.session;
  }

  private connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    const attempt = client.connect().then(async () => {
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    });
    const drop = (e?: Error) => {
      if (e) console.error("tus locker: the PostgreSQL session failed; its locks are released", e);
      if (this.session === attempt) this.session = null;
    };
    client.on("error", drop);
    client.on("end", () => drop());
    client.on("notification", (message) => message.payload && this.onReleaseRequested(message.payload));
    attempt.catch(() => drop());
    return attempt;
  }
}

/** The tus locker for instances sharing one PostgreSQL database. */
export function pgLocker(databaseUrl: string, acquireTimeoutMs?: number): SharedLocker {
  let locker: SharedLocker | undefined;
  const backend = new PgLockBackend(databaseUrl, (id) => locker?.releaseRequested(id));
  locker = new SharedLocker(backend, acquireTimeoutMs);
  return locker;
}
