// Contract: applies the SQL migrations in prisma/migrations/<provider>/ to a database at start-up, without Prisma.
//
// - migrateDatabase(url, { log }) → { applied }: the names of the migrations it applied, in order ([] when the
//   database was current). URL forms: `file:/abs/path.db`, `file:./rel.db` (relative to the working directory,
//   as lib/db/client.ts opens it), `file:///abs/path.db` → SQLite; `postgres://…` / `postgresql://…` → PostgreSQL.
// - Migrations: HAVEN_MIGRATIONS_DIR, else <cwd>/prisma/migrations; subfolder `sqlite` or `postgresql`, one folder
//   per migration holding migration.sql, applied in name order. They are written by scripts/new-migration.sh.
// - Bookkeeping is Prisma's own `_prisma_migrations` table (same columns and types per provider; checksum = sha256
//   hex of migration.sql; SQLite timestamps are Unix milliseconds as Prisma stores them), so Prisma's CLI would
//   read the same history.
// - Each migration runs in its own transaction together with its bookkeeping row: it is applied completely or not
//   at all, and a failure throws (MigrationError) after rolling back, with nothing recorded. Statements that cannot
//   run in a transaction (e.g. PostgreSQL CREATE INDEX CONCURRENTLY) are not supported.
// - Safe when several processes start at once: PostgreSQL takes pg_advisory_lock(72707369) (the key Prisma's
//   CLI uses) for the whole run; SQLite applies each migration under BEGIN IMMEDIATE (the write lock), re-reading
//   the history after taking it, and waits for a busy database.
// - Refuses (MigrationError) when an applied migration's file changed since (checksum mismatch; CRLF checkouts of
//   an LF file still match, as in Prisma) or a migration is recorded as failed/unfinished. A recorded migration
//   missing from the folder (database newer than this build) is only logged.
// - SQLite: creates the file's parent directory, enables WAL, and runs migrations with foreign keys OFF (set
//   outside the transaction, where Prisma's `PRAGMA foreign_keys=OFF` in table-redefinition scripts is a no-op,
//   so DROP TABLE never cascades), checking `PRAGMA foreign_key_check` before each commit.
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";

export type MigrationProvider = "sqlite" | "postgresql";

export interface MigrateOptions {
  log?: (msg: string) => void;
  /** The folder holding sqlite/ and postgresql/; defaults to HAVEN_MIGRATIONS_DIR or <cwd>/prisma/migrations. */
  migrationsDir?: string;
}

export interface MigrateResult {
  applied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface RecordedMigration {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** The advisory lock key Prisma's migrate uses, so this runner and Prisma's CLI exclude each other. */
const PG_LOCK_KEY = 72707369;
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const SQLITE_LOCK_WAIT_MS = 10 * 60_000;

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const SELECT_RECORDED = `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"`;

export async function migrateDatabase(url: string, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  const provider = providerOf(url);
  const local = await loadMigrations(provider, opts.migrationsDir ?? defaultMigrationsDir());
  return provider === "postgresql" ? migratePostgres(url, local, log) : migrateSqlite(url, local, log);
}

export function defaultMigrationsDir(): string {
  return process.env.HAVEN_MIGRATIONS_DIR || path.join(process.cwd(), "prisma/migrations");
}

export function providerOf(url: string): MigrationProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new MigrationError(`unsupported database URL scheme "${url.split(":")[0]}:" (expected file: or postgres://)`);
}

/** The absolute SQLite file path a `file:` URL names (query parameters dropped). */
export function sqlitePath(url: string): string {
  const bare = url.replace(/[?#].*$/, "");
  if (bare.startsWith("file://")) return fileURLToPath(bare);
  const file = bare.slice("file:".length);
  if (!file) throw new MigrationError("the SQLite URL names no file");
  return path.resolve(file);
}

/** The migrations for a provider, sorted by folder name. */
export async function loadMigrations(provider: MigrationProvider, root: string): Promise<LocalMigration[]> {
  const dir = path.join(root, provider);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new MigrationError(`no migrations folder at ${dir} (run from the project root or set HAVEN_MIGRATIONS_DIR)`, { cause: e });
  }
  const names = entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const bytes = await readFile(file).catch((e: unknown) => {
        throw new MigrationError(`migration ${name} has no migration.sql (${file})`, { cause: e });
      });
      return { name, sql: bytes.toString("utf8"), checksum: sha256(bytes) };
    }),
  );
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** As Prisma: the file's checksum, or that of its LF-normalized text (a CRLF checkout of an LF file). */
function matchesChecksum(m: LocalMigration, recorded: string): boolean {
  return recorded === m.checksum || recorded === sha256(m.sql.replace(/\r\n/g, "\n"));
}

/** Checks the recorded history against the folder and returns the migrations still to apply. */
function pendingMigrations(local: LocalMigration[], recorded: RecordedMigration[], log: (msg: string) => void): LocalMigration[] {
  const byName = new Map(local.map((m) => [m.name, m]));
  const done = new Set<string>();
  for (const row of recorded) {
    if (row.rolled_back_at != null) continue;
    if (row.finished_at == null) {
      throw new MigrationError(
        `migration ${row.migration_name} is recorded as started but not finished (a failed run outside Haven?); ` +
          `repair the database, then mark it with \`prisma migrate resolve\` or delete its _prisma_migrations row`,
      );
    }
    const m = byName.get(row.migration_name);
    if (!m) {
      log(`migrate: warning: applied migration ${row.migration_name} is not in the migrations folder (database newer than this build?)`);
    } else if (!matchesChecksum(m, row.checksum)) {
      throw new MigrationError(
        `migration ${m.name} was modified after it was applied (checksum ${row.checksum} recorded, ${m.checksum} on disk); ` +
          `restore its original migration.sql and put the change in a new migration`,
      );
    }
    done.add(row.migration_name);
  }
  return local.filter((m) => !done.has(m.name));
}

function failure(m: LocalMigration, e: unknown): MigrationError {
  const msg = e instanceof Error ? e.message : String(e);
  return new MigrationError(`migration ${m.name} failed and was rolled back: ${msg}`, { cause: e });
}

// ---------------------------------------------------------------------------------------------- SQLite

async function migrateSqlite(url: string, local: LocalMigration[], log: (msg: string) => void): Promise<MigrateResult> {
  const file = sqlitePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  const applied: string[] = [];
  try {
    db.pragma("journal_mode = WAL");
    // Outside any transaction, so it takes effect; the scripts' own PRAGMA foreign_keys lines are then no-ops.
    db.pragma("foreign_keys = OFF");
    for (;;) {
      await beginImmediate(db, log);
      let m: LocalMigration | undefined;
      try {
        db.exec(SQLITE_TABLE);
        const recorded = db.prepare(SELECT_RECORDED).all() as RecordedMigration[];
        m = pendingMigrations(local, recorded, log)[0];
        if (!m) {
          db.exec("COMMIT");
          return { applied };
        }
        log(`migrate: applying ${m.name} (sqlite)`);
        const startedAt = Date.now();
        db.exec(m.sql);
        const violations = db.pragma("foreign_key_check") as { table: string; parent: string }[];
        if (violations.length > 0) {
          const v = violations[0]!;
          throw new Error(`${violations.length} foreign key violation(s), e.g. ${v.table} → ${v.parent}`);
        }
        db.prepare(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
           VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), m.checksum, Date.now(), m.name, startedAt);
        db.exec("COMMIT");
        applied.push(m.name);
      } catch (e) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw m && !(e instanceof MigrationError) ? failure(m, e) : e;
      }
    }
  } finally {
    db.close();
  }
}

/** BEGIN IMMEDIATE, waiting (beyond the busy timeout) while another process holds the write lock. */
async function beginImmediate(db: Database.Database, log: (msg: string) => void): Promise<void> {
  const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      db.exec("BEGIN IMMEDIATE");
      return;
    } catch (e) {
      const code = (e as { code?: string }).code ?? "";
      if (!code.startsWith("SQLITE_BUSY") || Date.now() > deadline) throw e;
      if (!told) log("migrate: waiting for another process to finish migrating the SQLite database");
      told = true;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

// ------------------------------------------------------------------------------------------ PostgreSQL

async function migratePostgres(url: string, local: LocalMigration[], log: (msg: string) => void): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  // A connection dropped between queries is reported by the next query; without a listener it would crash the process.
  client.on("error", () => undefined);
  await client.connect();
  const applied: string[] = [];
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [PG_LOCK_KEY]);
    if (!rows[0]?.ok) {
      log("migrate: waiting for another process to finish migrating the PostgreSQL database");
      await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    }
    try {
      await client.query(PG_TABLE);
      const recorded = (await client.query<RecordedMigration>(SELECT_RECORDED)).rows;
      for (const m of pendingMigrations(local, recorded, log)) {
        log(`migrate: applying ${m.name} (postgresql)`);
        const startedAt = new Date();
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
             VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), m.checksum, m.name, startedAt],
          );
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw failure(m, e);
        }
        applied.push(m.name);
      }
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
