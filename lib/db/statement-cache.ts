import "server-only";
import type Database from "better-sqlite3";

const MAX_STATEMENTS = 500;

/** The part of a better-sqlite3 statement Prisma's SQLite adapter uses: prepare(sql).bind(args), then run or read. */
interface BoundStatement {
  readonly reader: boolean;
  run(): Database.RunResult;
  columns(): Database.ColumnDefinition[];
  raw(): { all(): unknown[] };
}

/**
 * Makes a connection reuse prepared statements. Prisma's SQLite adapter (7.10) calls `prepare(sql).bind(args)` for
 * every query, and preparing was an eighth of the server's CPU on small uploads. A better-sqlite3 statement can be
 * bound only once, so cached statements are handed out behind a facade that passes the arguments on each call.
 */
export function cacheStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  // columns() builds new objects on every call; a statement's columns never change.
  const cache = new Map<string, { statement: Database.Statement; columns: Database.ColumnDefinition[] | null }>();
  const facade = ({ statement, columns }: { statement: Database.Statement; columns: Database.ColumnDefinition[] | null }, args: unknown[]): BoundStatement => ({
    reader: statement.reader,
    run: () => statement.run(...args),
    columns: () => columns ?? [],
    raw: () => ({ all: () => statement.raw(true).all(...args) }),
  });
  db.prepare = ((sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const statement = prepare(sql);
      entry = { statement, columns: statement.reader ? statement.columns() : null };
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, entry);
    }
    const cached = entry;
    return { bind: (args: unknown[]) => facade(cached, args), ...facade(cached, []) };
  }) as unknown as typeof db.prepare;
}
