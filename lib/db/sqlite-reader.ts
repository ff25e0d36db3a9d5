import "server-only";
import Database from "better-sqlite3";
import { NativeDate } from "@/lib/domain/native-date";

/** A row as the Prisma client returns it: DATETIME columns as Date, BOOLEAN as boolean, integers as number. */
export type Row = Record<string, unknown>;

interface Prepared {
  /** in raw mode: rows come as arrays, `build` makes the record */
  statement: Database.Statement;
  build: (values: unknown[]) => Row;
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
    const { statement, build } = this.prepare(sql);
    const values = statement.get(params.map(toSqlite)) as unknown[] | undefined;
    return values ? (build(values) as T) : null;
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
    const statement = this.db.prepare(sql).raw(true);
    const prepared = { statement, build: builderFor(statement.columns()) };
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

/**
 * The record maker of a statement's rows: one object literal with the columns in order, DATETIME text made a Date
 * and BOOLEAN 0/1 a boolean. Built once per statement as code: better-sqlite3 builds a row object property by
 * property (a few tenths of a µs per column), and rewriting its text dates as Dates changes the object's shape
 * again; an array row and one literal cost about half (a GET reads about a hundred columns). Later columns of the
 * same name win, as in better-sqlite3's objects.
 */
function builderFor(columns: Database.ColumnDefinition[]): (values: unknown[]) => Row {
  const fields = columns.map((c, i) => {
    const type = c.type?.toUpperCase();
    const value = type === "DATETIME" ? `v[${i}] === null ? null : date(v[${i}])` : type === "BOOLEAN" ? `v[${i}] === null ? null : v[${i}] === 1` : `v[${i}]`;
    return `${JSON.stringify(c.name)}: ${value}`;
  });
  // Code made from the statement's own column list (each name JSON-quoted; __proto__ would set the prototype).
  if (columns.some((c) => c.name === "__proto__")) throw new Error("A hot-path read cannot select a column named __proto__.");
  return new Function("date", `return (v) => ({ ${fields.join(", ")} });`)(parseDate) as (values: unknown[]) => Row;
}

/** Prisma writes ISO text; SQL defaults (CURRENT_TIMESTAMP) write "YYYY-MM-DD HH:MM:SS" in UTC. */
function parseDate(value: string | number): Date {
  if (typeof value === "number") return new NativeDate(value);
  return new NativeDate(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
}
