import "server-only";
import type Database from "better-sqlite3";

const MAX_STATEMENTS = 500;

/** The part of a better-sqlite3 statement Prisma's SQLite adapter uses: prepare(sql).bind(args), then run or read. */
interface BoundStatement {
  readonly reader: boolean;
  run(): Database.RunResult;
  columns(): Database.ColumnDefinition[];
  raw(toggle?: boolean): { all(): unknown[] };
}

interface Entry {
  statement: Database.Statement;
  columns: Database.ColumnDefinition[] | null;
}

const warned = new Set<string>();

/** Warns once per hook point or statement member this cache does not know (a Prisma upgrade changed its calls). */
function warnOnce(what: string): void {
  if (warned.has(what)) return;
  warned.add(what);
  console.warn(`statement cache: ${what}; see lib/db/statement-cache.ts`);
}

/**
 * `known`, with any other member read from `real()` (a fresh, uncached statement): a statement method Prisma starts
 * to call still works, only uncached.
 */
function withFallback<T extends object>(known: T, real: () => object, label: string): T {
  return new Proxy(known, {
    get(target, prop, receiver) {
      if (typeof prop === "symbol" || prop === "then" || prop in target) return Reflect.get(target, prop, receiver) as unknown;
      warnOnce(`Prisma used ${label}.${prop}, which runs uncached`);
      const statement = real();
      const value = Reflect.get(statement, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(statement) : value;
    },
  });
}

/**
 * Makes a connection reuse prepared statements. Prisma's SQLite adapter (7.10) calls `prepare(sql).bind(args)` for
 * every query, and preparing was an eighth of the server's CPU on small uploads. A better-sqlite3 statement can be
 * bound only once, so cached statements are handed out behind a facade that passes the arguments on each call.
 */
export function cacheStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  // columns() builds new objects on every call; a statement's columns never change.
  const cache = new Map<string, Entry>();
  const facade = (sql: string, { statement, columns }: Entry, args: unknown[] | null): BoundStatement => {
    const values = args ?? [];
    let fresh: Database.Statement | undefined;
    const real = () => (fresh ??= args ? prepare(sql).bind(args) : prepare(sql));
    return withFallback<BoundStatement>({
      reader: statement.reader,
      run: () => statement.run(...values),
      columns: () => columns ?? [],
      raw: (toggle = true) =>
        toggle ? withFallback({ all: () => statement.raw(true).all(...values) }, () => real().raw(true), "statement.raw()") : real().raw(false),
    }, real, "statement");
  };
  db.prepare = ((sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const statement = prepare(sql);
      entry = { statement, columns: statement.reader ? statement.columns() : null };
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, entry);
    }
    const cached = entry;
    return Object.assign(facade(sql, cached, null), { bind: (args: unknown[]) => facade(sql, cached, args) });
  }) as unknown as typeof db.prepare;
}

function isBetterSqlite3(value: unknown): value is Database.Database {
  const db = value as Partial<Database.Database> | null | undefined;
  return typeof db?.prepare === "function" && typeof db.exec === "function" && typeof db.open === "boolean";
}

/**
 * Installs the cache on a connection made by Prisma's SQLite adapter, which keeps its better-sqlite3 database in the
 * non-public field `client`. Returns false, and warns, when that field is missing (test/service/statement-cache.test.ts
 * fails then, so an upgrade cannot silently drop the cache).
 */
export function cacheConnectionStatements(connection: object): boolean {
  const client = (connection as { client?: unknown }).client;
  if (!isBetterSqlite3(client)) {
    warnOnce("Prisma's SQLite adapter no longer exposes its better-sqlite3 database as `client`: statements are not cached");
    return false;
  }
  cacheStatements(client);
  return true;
}
