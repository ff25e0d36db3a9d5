import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { DirectSqlite, type SqliteConnection } from "./direct-sqlite";
import { SqliteReader } from "./sqlite-reader";
import { cacheConnectionStatements } from "./statement-cache";
import { WalCheckpointer, WRITER_CHECKPOINT_PAGES } from "./wal-checkpointer";

/** The Prisma client type the code is written against; both generated clients share its shape. */
export type Db = SqliteClient;
/** A client or an interactive-transaction client. */
export type DbTx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens the client for the provider the URL names (`file:` SQLite or `postgres://`). */
export function createDb(url: string): Db {
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new PrismaBetterSqlite3({ url: url.replace(/^file:/, ""), timeout: 10_000 });
  const direct = new DirectSqlite();
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const connection = await connect();
    cacheConnectionStatements(connection);
    direct.attach(connection as unknown as SqliteConnection);
    const dispose = connection.dispose.bind(connection);
    connection.dispose = () => {
      if (direct.connection === (connection as unknown)) direct.connection = null;
      return dispose();
    };
    await connection.executeRaw({ sql: `PRAGMA synchronous = ${sqliteSynchronous()}`, args: [], argTypes: [] });
    // Checkpoints are the WalCheckpointer's work (createCheckpointer); this is only the writer's safety net.
    await connection.executeRaw({ sql: `PRAGMA wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`, args: [], argTypes: [] });
    return connection;
  };
  const db = new SqliteClient({ adapter });
  directOf.set(db, direct);
  return db;
}

const directOf = new WeakMap<object, DirectSqlite>();

/** Direct transactions on the SQLite client's own connection (see DirectSqlite); null for PostgreSQL. */
export function directSqliteOf(db: Db): DirectSqlite | null {
  return directOf.get(db) ?? null;
}

/** The WAL checkpointer for a SQLite URL (see WalCheckpointer); null for PostgreSQL. */
export function createCheckpointer(url: string): WalCheckpointer | null {
  return isPostgresUrl(url) ? null : new WalCheckpointer(url.replace(/^file:/, ""));
}

/**
 * The hot-path reader for a SQLite URL (see SqliteReader); PostgreSQL reads all go through Prisma. Given the client
 * `db`, it reads on that client's connection while no transaction is open there (SqliteReader.useIdleWriter).
 */
export function createReader(url: string, db?: Db): SqliteReader | null {
  if (isPostgresUrl(url)) return null;
  const reader = new SqliteReader(url.replace(/^file:/, ""));
  const direct = db && directSqliteOf(db);
  if (direct) reader.useIdleWriter(() => direct.connection?.client ?? null);
  return reader;
}

/**
 * The SQLite durability level (the database runs in WAL mode). NORMAL by default: a commit is not fsynced on its own,
 * only at checkpoints, so a power cut may lose the last commits but never corrupts the file; bytes are still fsynced
 * before the rows that point at them. HAVEN_SQLITE_SYNC=full fsyncs the WAL on every commit.
 */
export function sqliteSynchronous(env: Record<string, string | undefined> = process.env): "NORMAL" | "FULL" {
  const value = (env.HAVEN_SQLITE_SYNC ?? "normal").trim().toLowerCase();
  if (value === "normal" || value === "") return "NORMAL";
  if (value === "full") return "FULL";
  throw new Error(`HAVEN_SQLITE_SYNC must be "normal" or "full", not "${env.HAVEN_SQLITE_SYNC}"`);
}


/**
 * The provider of a client or a transaction client. Prisma keeps it on the instance (`_activeProvider`, set by the
 * generated client for its datasource); for the rare query one SQL cannot say for both (search indexes).
 */
export function providerOfDb(db: DbTx): "sqlite" | "postgresql" {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}
