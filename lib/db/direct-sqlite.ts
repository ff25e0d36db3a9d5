import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import { Prisma } from "./generated/sqlite/client";

/**
 * The part of Prisma's SQLite adapter connection this uses: its transaction start (its mutex), its database, and the
 * entry points of its statements outside transactions (held back while a direct transaction is open).
 */
export interface SqliteConnection {
  startTransaction(): Promise<{ commit(): Promise<void>; rollback(): Promise<void> }>;
  client: Database.Database;
  queryRaw(query: unknown): Promise<unknown>;
  executeRaw(query: unknown): Promise<unknown>;
  executeScript(script: string): Promise<void>;
}

/** The work reached for something only Prisma's client has (a model query): it runs again in a Prisma transaction. */
export class NeedsPrismaClient extends Error {
  constructor(what: string) {
    super(`A direct SQLite transaction has no ${what}; the work runs again in a Prisma transaction.`);
  }
}

/** Declared column types whose values Prisma's raw queries turn into Date and BigInt (the adapter's mapDeclType). */
const DATE_TYPES = new Set(["DATETIME", "TIMESTAMP"]);
const BIGINT_TYPES = new Set(["BIGINT", "INT8", "UNSIGNED BIG INT"]);

/**
 * Transactions on SQLite that skip Prisma's client: the statements of the work's raw SQL (`$queryRaw`,
 * `$executeRaw` and their Unsafe forms: all a direct transaction offers) run straight on the better-sqlite3 database
 * of Prisma's own connection, inside a transaction begun through the adapter (so it holds the adapter's transaction
 * mutex, like Prisma's interactive transactions, and never interleaves with one). Prisma's client spends 0.1–0.3 ms of
 * CPU on each raw statement of a transaction (request, tracing, interpreter and transaction-manager layers); this
 * about 10 µs. Values are bound as the adapter binds them and rows come back as Prisma's `$queryRaw` returns them
 * (test/service/direct-sqlite.test.ts compares the two).
 *
 * Work that touches anything else (a model query, a nested transaction) is rolled back at that point and the caller
 * runs it again through Prisma (NeedsPrismaClient); only work whose steps are safe to run twice belongs here.
 */
export class DirectSqlite {
  /** set when Prisma opens its connection (attach); null before, and after a disconnect */
  connection: SqliteConnection | null = null;
  /** the direct transaction open on the connection: its async context, and when it ends */
  private open: { context: object; ended: Promise<void> } | null = null;
  private readonly context = new AsyncLocalStorage<object>();

  /**
   * Takes Prisma's connection as it opens. Prisma runs statements outside transactions on the same connection without
   * its transaction mutex, so one issued while a direct transaction is open would run inside it (and be lost if it
   * rolled back): they wait until it ends, unless the transaction's own work issued them.
   */
  attach(connection: SqliteConnection): void {
    for (const method of ["queryRaw", "executeRaw", "executeScript"] as const) {
      const original = connection[method].bind(connection) as (arg: never) => Promise<never>;
      connection[method] = (async (arg: never) => {
        while (this.open && this.context.getStore() !== this.open.context) await this.open.ended;
        return original(arg);
      }) as never;
    }
    this.connection = connection;
  }

  /** `work` in one direct transaction; NeedsPrismaClient (nothing committed) when it reached beyond raw SQL. */
  async transaction<T>(work: (tx: object) => Promise<T>): Promise<T> {
    const connection = this.connection;
    if (!connection) throw new NeedsPrismaClient("connection yet");
    const held = await connection.startTransaction();
    const db = connection.client;
    const client = rawSqlClient(db);
    const context = {};
    let end!: () => void;
    this.open = { context, ended: new Promise<void>((resolve) => (end = resolve)) };
    let committed = false;
    try {
      const result = await this.context.run(context, () => work(client.tx));
      // Reached beyond raw SQL even if the work caught that: it runs again in full through Prisma.
      if (client.refused) throw client.refused;
      db.prepare("COMMIT").run();
      committed = true;
      return result;
    } finally {
      if (!committed && db.inTransaction) db.prepare("ROLLBACK").run();
      this.open = null;
      end();
      await (committed ? held.commit() : held.rollback());
    }
  }
}

type RawArgs = [Prisma.Sql | TemplateStringsArray, ...unknown[]];

/** The statement of a tagged-template or Prisma.Sql call, as Prisma's client reads them. */
function sqlOf([first, ...values]: RawArgs): Prisma.Sql {
  return first instanceof Prisma.Sql ? first : Prisma.sql(first as TemplateStringsArray, ...values);
}

/** A value as Prisma's SQLite adapter binds it: dates as ISO-8601 text with "+00:00", booleans as 0/1. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** Prisma's SQLite text dates ("…+00:00"), SQL defaults ("YYYY-MM-DD HH:MM:SS", UTC) and epoch milliseconds as Dates. */
function dateOf(value: unknown): unknown {
  if (typeof value === "bigint" || typeof value === "number") return new Date(Number(value));
  if (typeof value !== "string") return value;
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
}

/**
 * The converter of a column's values, as the adapter (the connection reads integers as BigInt) and then Prisma's
 * client convert a `$queryRaw` row: dates to Date, BOOLEAN to boolean, BIGINT kept as BigInt, other declared
 * integers to numbers; a column without a declared type (an expression such as COUNT(*)) keeps its BigInt.
 */
function converterOf(declared: string | null): (value: unknown) => unknown {
  const type = declared?.toUpperCase() ?? "";
  if (DATE_TYPES.has(type)) return (v) => (v === null ? null : dateOf(v));
  if (type === "BOOLEAN") return (v) => (v === null ? null : v === 1n || v === 1 || v === true);
  if (BIGINT_TYPES.has(type)) return (v) => (typeof v === "number" ? BigInt(v) : v);
  if (type === "") return (v) => v;
  return (v) => (typeof v === "bigint" ? Number(v) : v);
}

/** The statement's rows as records, converted by declared column type as Prisma's `$queryRaw` converts them. */
function rowsOf(statement: BoundStatement): Record<string, unknown>[] {
  const columns = statement.columns();
  const converters = columns.map((c) => converterOf(c.type));
  return (statement.raw(true).all() as unknown[][]).map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) out[columns[i]!.name] = converters[i]!(row[i]);
    return out;
  });
}

/** A prepared statement with its parameters bound, as the adapter (and lib/db/statement-cache.ts) hands them out. */
interface BoundStatement {
  readonly reader: boolean;
  run(): Database.RunResult;
  columns(): Database.ColumnDefinition[];
  raw(toggle?: boolean): { all(): unknown[] };
}

/**
 * A stand-in for Prisma's transaction client offering its raw SQL methods only (what the write path's repositories
 * use); anything else throws NeedsPrismaClient. Statements come from the connection's statement cache.
 */
function rawSqlClient(db: Database.Database): { tx: object; refused: NeedsPrismaClient | null } {
  const bound = (sql: string, values: unknown[]) => db.prepare(sql).bind(values.map(bindable)) as unknown as BoundStatement;
  const run = (sql: string, values: unknown[]): number => bound(sql, values).run().changes;
  const query = (sql: string, values: unknown[]): Record<string, unknown>[] => {
    const statement = bound(sql, values);
    if (statement.reader) return rowsOf(statement);
    statement.run();
    return [];
  };
  const methods: Record<string, unknown> = {
    _activeProvider: "sqlite",
    $executeRaw: (...args: RawArgs) => {
      const s = sqlOf(args);
      return Promise.resolve(run(s.sql, s.values));
    },
    $queryRaw: (...args: RawArgs) => {
      const s = sqlOf(args);
      return Promise.resolve(query(s.sql, s.values));
    },
    $executeRawUnsafe: (sql: string, ...values: unknown[]) => Promise.resolve(run(sql, values)),
    $queryRawUnsafe: (sql: string, ...values: unknown[]) => Promise.resolve(query(sql, values)),
  };
  const client: { tx: object; refused: NeedsPrismaClient | null } = { tx: methods, refused: null };
  client.tx = new Proxy(methods, {
    get(target, prop) {
      if (typeof prop === "string" && prop in target) return target[prop];
      // `then`: the client is not a promise (an await of it must not see a method).
      if (prop === "then" || typeof prop === "symbol") return undefined;
      throw (client.refused ??= new NeedsPrismaClient(`Prisma client member "${prop}"`));
    },
  });
  return client;
}
