import "server-only";
import { closeSync, openSync, readSync } from "node:fs";
import Database from "better-sqlite3";
import { NativeDate } from "@/lib/domain/native-date";

/** A row as the Prisma client returns it: DATETIME columns as Date, BOOLEAN as boolean, integers as number. */
export type Row = Record<string, unknown>;

interface Prepared {
  /** in raw mode: rows come as arrays, `build` makes the record */
  statement: Database.Statement;
  /** the same statement on the writer's connection (useIdleWriter), prepared when first used there */
  onWriter?: { db: Database.Database; statement: Database.Statement };
  build: (values: unknown[]) => Row;
  /** the DATETIME columns' positions */
  dates: number[];
  /** getRemembered's rows (raw values, null for none) by parameters, read while the headers of `generation` held */
  remembered?: { generation: number; rows: Map<string, unknown[] | null> };
}

/** Bounds the statement cache: SQL with IN lists varies with the list's length. */
const MAX_STATEMENTS = 200;
/** Bounds the rows getRemembered keeps per statement (all are dropped at once past it). */
const MAX_REMEMBERED = 1_000;
/**
 * The two copies of the WAL-index header at the start of the `-shm` file (https://www.sqlite.org/walformat.html
 * §2.1, 48 bytes each): every commit by any connection or process rewrites them (iChange counts transactions,
 * mxFrame and the frame checksums move, a WAL restart draws new salts), and SQLite readers decide from them alone
 * whether the database changed since their last read.
 */
const WAL_INDEX_HEADERS = 96;

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
  /** counts the changes getRemembered has seen: rows remembered under an older count are dropped */
  private generation = 0;
  /** the `-shm` file, opened read-only once the connection is open; null when it cannot be read (nothing remembered) */
  private walIndex: number | null | undefined;
  private readonly seenHeaders = Buffer.alloc(WAL_INDEX_HEADERS);
  private readonly headers = Buffer.alloc(WAL_INDEX_HEADERS);

  /** Prisma's own connection (see useIdleWriter), or null */
  private writer: () => Database.Database | null = () => null;

  constructor(private readonly file: string) {}

  /**
   * Reads on the writing connection (`writer`: Prisma's, through DirectSqlite) whenever no transaction is open on
   * it, which is then exactly the committed state, as on the reader's own connection. A connection's page cache
   * survives its own commits but is dropped by any other connection's, so after each upload's commit the reader's
   * own connection reads every page of its next request again (~18 preads; 60–95 µs for the credential read against
   * 26–36 µs on the writer's, measured here). Inside an open transaction (Prisma's or a direct one, between its
   * awaits) the reader's own connection serves, which never sees uncommitted rows.
   */
  useIdleWriter(writer: () => Database.Database | null): void {
    this.writer = writer;
  }

  /** The first row, shaped as the caller's Prisma model type `T` (the caller's SQL selects that model's columns). */
  get<T>(sql: string, params: unknown[]): T | null {
    const prepared = this.prepare(sql);
    const values = this.statementOf(prepared).get(params.map(toSqlite)) as unknown[] | undefined;
    return values ? (prepared.build(values) as T) : null;
  }

  /**
   * get() for the reads every WebDAV request repeats (its credential re-check, its path): the row is remembered and
   * answered again, as a fresh record, until the database changes. Whether it changed is asked of the database on
   * every call: the WAL-index headers in the `-shm` file, which any commit by any connection or process (this
   * server's Prisma connection, the CLI, another server on the file) rewrites before it is visible to readers, are
   * read (one pread) and compared with the ones seen when the rows were read. So a revoked credential is refused by
   * the very next request, as with a statement per request. Only for SQL whose answer depends on the stored rows and
   * the parameters alone (no clock, no randomness).
   */
  getRemembered<T>(sql: string, params: unknown[]): T | null {
    const prepared = this.prepare(sql);
    if (!this.unchangedSinceSeen()) return this.get<T>(sql, params);
    if (prepared.remembered?.generation !== this.generation) prepared.remembered = { generation: this.generation, rows: new Map() };
    const rows = prepared.remembered.rows;
    const key = JSON.stringify(params);
    let values = rows.get(key);
    if (values === undefined) {
      values = (this.statementOf(prepared).get(params.map(toSqlite)) as unknown[] | undefined) ?? null;
      // Dates are kept as their milliseconds (parsed once): `build` makes a new Date of them for every answer.
      if (values) for (const i of prepared.dates) if (typeof values[i] === "string") values[i] = parseDate(values[i] as string).getTime();
      if (rows.size >= MAX_REMEMBERED) rows.clear();
      rows.set(key, values);
    }
    return values ? (prepared.build(values) as T) : null;
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.statements.clear();
    this.forgetRemembered();
    if (typeof this.walIndex === "number") closeSync(this.walIndex);
    this.walIndex = undefined;
  }

  /**
   * True when the WAL-index headers are the ones seen when the remembered rows were read. Otherwise the rows are
   * dropped and the new headers become the seen ones: rows read from now on are at least as new as they (a commit
   * landing meanwhile changes them again, so those rows are dropped at the next call). False without a `-shm` file.
   */
  private unchangedSinceSeen(): boolean {
    if (this.walIndex === undefined) this.walIndex = openWalIndex(this.file);
    if (this.walIndex === null) return false;
    let read: number;
    try {
      read = readSync(this.walIndex, this.headers, 0, WAL_INDEX_HEADERS, 0);
    } catch {
      read = 0;
    }
    if (read === WAL_INDEX_HEADERS && this.headers.equals(this.seenHeaders)) return true;
    this.forgetRemembered();
    if (read === WAL_INDEX_HEADERS) this.headers.copy(this.seenHeaders);
    return read === WAL_INDEX_HEADERS;
  }

  /** The statement to run now: on the idle writer's connection if there is one, else on the reader's own. */
  private statementOf(prepared: Prepared): Database.Statement {
    const writer = this.writer();
    if (!writer?.open || writer.inTransaction) return prepared.statement;
    if (prepared.onWriter?.db !== writer) {
      // Database.prototype.prepare: the connection's own `prepare` is the statement cache's facade (statement-cache.ts).
      const statement = (Object.getPrototypeOf(writer) as Database.Database).prepare.call(writer, prepared.statement.source).raw(true);
      // The adapter reads integers as BigInt on its connection; these rows are built from numbers, as on the reader's.
      prepared.onWriter = { db: writer, statement: statement.safeIntegers(false) };
    }
    return prepared.onWriter.statement;
  }

  private forgetRemembered(): void {
    this.generation++;
    this.seenHeaders.fill(0);
  }

  private prepare(sql: string): Prepared {
    const cached = this.statements.get(sql);
    if (cached) return cached;
    this.db ??= new Database(this.file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    const statement = this.db.prepare(sql).raw(true);
    const columns = statement.columns();
    const dates = columns.flatMap((c, i) => (c.type?.toUpperCase() === "DATETIME" ? [i] : []));
    const prepared = { statement, build: builderFor(columns), dates };
    if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(sql, prepared);
    return prepared;
  }
}

/** The `-shm` file of a WAL database, read-only; null when there is none (not in WAL mode). */
function openWalIndex(file: string): number | null {
  try {
    return openSync(`${file}-shm`, "r");
  } catch {
    return null;
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
