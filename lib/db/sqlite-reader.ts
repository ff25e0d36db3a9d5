import "server-only";
import Database from "better-sqlite3";

/** A row as the Prisma client returns it: DATETIME columns as Date, BOOLEAN as boolean, integers as number. */
export type Row = Record<string, unknown>;

interface Prepared {
  statement: Database.Statement;
  convert: (row: Row) => Row;
}

/** Bounds the statement cache: SQL with IN lists varies with the list's length. */
const MAX_STATEMENTS = 200;

/**
 * Point reads for the hot paths on SQLite (a WebDAV GET resolves a credential, a space, a node chain, a version and
 * its blob): prepared statements on a second, read-only connection. Prisma's client spends 0.2–0.4 ms of CPU per
 * query; a prepared better-sqlite3 statement about 5 µs. WAL lets it read beside Prisma's connection, and like a
 * PostgreSQL pool connection it sees committed rows only, so only non-transactional repositories use it.
 * Opened on first use, after the server has migrated the file.
 */
export class SqliteReader {
  private db: Database.Database | null = null;
  private readonly statements = new Map<string, Prepared>();

  constructor(private readonly file: string) {}

  /** The first row, shaped as the caller's Prisma model type `T` (the caller's SQL selects that model's columns). */
  get<T>(sql: string, params: unknown[]): T | null {
    const { statement, convert } = this.prepare(sql);
    const row = statement.get(params.map(toSqlite)) as Row | undefined;
    return row ? (convert(row) as T) : null;
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.statements.clear();
  }

  private prepare(sql: string): Prepared {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    this.db ??= new Database(this.file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    const statement = this.db.prepare(sql);
    const prepared = { statement, convert: converterFor(statement.columns()) };
    if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(sql, prepared);
    return prepared;
  }
}

/** Values as the Prisma SQLite adapter writes them: ISO-8601 text with "+00:00", booleans as 0/1. */
function toSqlite(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function converterFor(columns: Database.ColumnDefinition[]): (row: Row) => Row {
  const dates = columns.filter((c) => c.type?.toUpperCase() === "DATETIME").map((c) => c.name);
  const booleans = columns.filter((c) => c.type?.toUpperCase() === "BOOLEAN").map((c) => c.name);
  return (row) => {
    for (const name of dates) if (row[name] !== null) row[name] = parseDate(row[name] as string | number);
    for (const name of booleans) if (row[name] !== null) row[name] = row[name] === 1;
    return row;
  };
}

/**
 * Date as it was when this module loaded. The custom server loads before Next.js wraps the global Date (its
 * node-environment extensions, installed in app.prepare(), check every construction for prerendering): the hot
 * path's rows carry several dates each and skip that wrapper.
 */
const NativeDate = Date;

/** Prisma writes ISO text; SQL defaults (CURRENT_TIMESTAMP) write "YYYY-MM-DD HH:MM:SS" in UTC. */
function parseDate(value: string | number): Date {
  if (typeof value === "number") return new NativeDate(value);
  return new NativeDate(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
}
