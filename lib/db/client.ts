import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
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
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const connection = await connect();
    cacheConnectionStatements(connection);
    await connection.executeRaw({ sql: `PRAGMA synchronous = ${sqliteSynchronous()}`, args: [], argTypes: [] });
    // Checkpoints are the WalCheckpointer's work (createCheckpointer); this is only the writer's safety net.
    await connection.executeRaw({ sql: `PRAGMA wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`, args: [], argTypes: [] });
    return connection;
  };
  return new SqliteClient({ adapter });
}

/** The WAL checkpointer for a SQLite URL (see WalCheckpointer); null for PostgreSQL. */
export function createCheckpointer(url: string): WalCheckpointer | null {
  return isPostgresUrl(url) ? null : new WalCheckpointer(url.replace(/^file:/, ""));
}

/** The hot-path reader for a SQLite URL (see SqliteReader); PostgreSQL reads all go through Prisma. */
export function createReader(url: string): SqliteReader | null {
  return isPostgresUrl(url) ? null : new SqliteReader(url.replace(/^file:/, ""));
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
