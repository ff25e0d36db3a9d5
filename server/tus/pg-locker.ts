import pg from "pg";
import { ERRORS, type Lock, type Locker, type RequestRelease } from "@tus/server";

/** Wakes the instance holding an upload's lock when another instance wants it (payload: the upload id). */
const CHANNEL = "haven_tus_release";
/** The first key of every tus advisory lock (the second is the upload id's hash), apart from any other use. */
const NAMESPACE = 0x7475_7301;
const RETRY_MS = 100;
const RENOTIFY_MS = 1000;

/**
 * @tus/server's locker for several instances on one PostgreSQL, so an upload begun on one instance resumes on
 * another without two requests writing it at once. An upload's lock is a session advisory lock, taken on one
 * connection per instance; inside the instance a map serialises requests first (advisory locks are re-entrant
 * within a session). A request waiting for a lock held elsewhere asks the holder to let go (NOTIFY): the holder
 * cancels its request, as @tus/server's MemoryLocker does within one process. A lock not had within
 * `acquireTimeoutMs` fails with ERR_LOCK_TIMEOUT. If the connection drops, PostgreSQL releases its locks.
 */
export class PgLocker implements Locker {
  /** upload ids locked by this instance, with how to ask their holder to let go */
  readonly held = new Map<string, { requestRelease?: RequestRelease }>();
  private session: Promise<pg.Client> | null = null;

  constructor(
    private readonly databaseUrl: string,
    readonly acquireTimeoutMs = 30_000,
  ) {}

  newLock(id: string): Lock {
    return new PgLock(id, this);
  }

  /** Takes the advisory lock of `id` on this instance's session if it is free. */
  async tryLock(id: string): Promise<boolean> {
    const { rows } = await (await this.client()).query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [NAMESPACE, id]);
    return rows[0]!.ok;
  }

  async unlock(id: string): Promise<void> {
    await (await this.client()).query("SELECT pg_advisory_unlock($1, hashtext($2))", [NAMESPACE, id]);
  }

  /** Asks whichever instance holds `id` to release it. */
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

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true });
    const drop = (e?: Error) => {
      if (e) console.error("tus locker: the PostgreSQL session failed; its locks are released", e);
      if (this.session === attempt) this.session = null;
    };
    client.on("error", drop);
    client.on("end", () => drop());
    client.on("notification", (message) => {
      const holder = message.payload ? this.held.get(message.payload) : undefined;
      if (holder) void Promise.resolve(holder.requestRelease?.()).catch(() => undefined);
    });
    const attempt = client.connect().then(async () => {
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    });
    attempt.catch(() => drop());
    return attempt;
  }
}

class PgLock implements Lock {
  constructor(
    private readonly id: string,
    private readonly locker: PgLocker,
  ) {}

  async lock(stopSignal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const deadline = Date.now() + this.locker.acquireTimeoutMs;
    let notifiedAt = 0;
    for (;;) {
      if (stopSignal.aborted) throw ERRORS.ERR_LOCK_TIMEOUT;
      const local = this.locker.held.get(this.id);
      if (local) {
        await local.requestRelease?.();
      } else {
        this.locker.held.set(this.id, { requestRelease });
        let got = false;
        try {
          got = await this.locker.tryLock(this.id);
        } finally {
          if (!got) this.locker.held.delete(this.id);
        }
        if (got) return;
        if (Date.now() - notifiedAt >= RENOTIFY_MS) {
          notifiedAt = Date.now();
          await this.locker.askRelease(this.id);
        }
      }
      if (Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      await new Promise((resolve) => setTimeout(resolve, local ? 5 : RETRY_MS));
    }
  }

  async unlock(): Promise<void> {
    try {
      await this.locker.unlock(this.id);
    } finally {
      // Only now may another request of this instance try the advisory lock (a second take would nest in the session).
      this.locker.held.delete(this.id);
    }
  }
}
