import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PG_ADMIN_URL, postgresForTests } from "@/test/helpers/postgres";
import { MigrationError, migrateDatabase } from "./migrate";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MIGRATIONS = path.join(ROOT, "prisma/migrations");
const quiet = { log: () => undefined };

async function folderNames(provider: string): Promise<string[]> {
  const entries = await readdir(path.join(MIGRATIONS, provider), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** A copy of the real migrations plus extra ones (name → SQL) for one provider, in a temp folder. */
async function migrationsWith(tmp: string, provider: string, extra: Record<string, string>): Promise<string> {
  const root = path.join(tmp, `migrations-${Math.random().toString(36).slice(2, 8)}`);
  await cp(path.join(MIGRATIONS, provider), path.join(root, provider), { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(root, provider, name), { recursive: true });
    await writeFile(path.join(root, provider, name, "migration.sql"), sql);
  }
  return root;
}

// A later migration in the shape Prisma writes for a SQLite table redefinition (here of "User", which
// Session references with ON DELETE CASCADE).
const REDEFINE_USER = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'user',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastLoginAt" DATETIME
);
INSERT INTO "new_User" ("createdAt", "disabled", "displayName", "email", "id", "lastLoginAt", "locale", "mustChangePassword", "passwordHash", "role", "updatedAt", "username") SELECT "createdAt", "disabled", "displayName", coalesce("email", '') AS "email", "id", "lastLoginAt", "locale", "mustChangePassword", "passwordHash", "role", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;

describe("migrateDatabase on SQLite", () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "haven-migrate-"));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("applies every migration to a fresh file, records them as Prisma does, then applies nothing", async () => {
    const file = path.join(tmp, "nested/dir/haven.db");
    const url = `file:${file}`;
    const names = await folderNames("sqlite");
    expect(names.length).toBeGreaterThan(0);

    const first = await migrateDatabase(url, { ...quiet, migrationsDir: MIGRATIONS });
    expect(first.applied).toEqual(names);

    const db = new Database(file, { readonly: true });
    try {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(["_prisma_migrations", "User", "Session", "Space", "Node", "FileVersion", "Blob", "Job"]));
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const liveName = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'Node_parentId_liveName_key'`).get() as { sql: string };
      expect(liveName.sql).toMatch(/^CREATE UNIQUE INDEX/);
      const rows = db.prepare(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`).all() as Record<string, unknown>[];
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      const sql = await readFile(path.join(MIGRATIONS, "sqlite", names[0]!, "migration.sql"));
      expect(rows[0]).toMatchObject({
        checksum: createHash("sha256").update(sql).digest("hex"),
        applied_steps_count: 1,
        logs: null,
        rolled_back_at: null,
      });
      expect(typeof rows[0]!.finished_at).toBe("number");
    } finally {
      db.close();
    }

    const second = await migrateDatabase(url, { ...quiet, migrationsDir: MIGRATIONS });
    expect(second.applied).toEqual([]);
  });

  it("refuses when an applied migration's checksum changed", async () => {
    const file = path.join(tmp, "tamper.db");
    await migrateDatabase(`file:${file}`, { ...quiet, migrationsDir: MIGRATIONS });
    const db = new Database(file);
    db.prepare(`UPDATE "_prisma_migrations" SET checksum = ?`).run("0".repeat(64));
    db.close();
    const run = migrateDatabase(`file:${file}`, { ...quiet, migrationsDir: MIGRATIONS });
    await expect(run).rejects.toBeInstanceOf(MigrationError);
    await expect(run).rejects.toThrow(/modified after it was applied/);
  });

  it("redefines a referenced table without cascading deletes into its children", async () => {
    const file = path.join(tmp, "redefine.db");
    const url = `file:${file}`;
    await migrateDatabase(url, { ...quiet, migrationsDir: MIGRATIONS });
    const db = new Database(file);
    db.prepare(`INSERT INTO "User" (id, username, displayName, passwordHash, updatedAt) VALUES (1, 'ann', 'Ann', 'x', 0)`).run();
    db.prepare(`INSERT INTO "Session" (id, userId, expiresAt) VALUES ('s1', 1, 0)`).run();
    db.close();

    const dir = await migrationsWith(tmp, "sqlite", { "99990101000000_redefine_user": REDEFINE_USER });
    const { applied } = await migrateDatabase(url, { ...quiet, migrationsDir: dir });
    expect(applied).toEqual(["99990101000000_redefine_user"]);

    const after = new Database(file, { readonly: true });
    expect(after.prepare(`SELECT count(*) AS n FROM "Session"`).get()).toEqual({ n: 1 });
    expect(after.prepare(`SELECT email FROM "User" WHERE id = 1`).get()).toEqual({ email: "" });
    after.close();
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    const file = path.join(tmp, "failing.db");
    const url = `file:${file}`;
    const dir = await migrationsWith(tmp, "sqlite", {
      "99990101000000_bad": `CREATE TABLE "Extra" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "NoSuchTable" VALUES (1);\n`,
    });
    await expect(migrateDatabase(url, { ...quiet, migrationsDir: dir })).rejects.toThrow(/99990101000000_bad failed and was rolled back/);
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'Extra'`).get()).toBeUndefined();
    const names = (db.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all() as { migration_name: string }[]).map((r) => r.migration_name);
    expect(names).toEqual(await folderNames("sqlite")); // the earlier ones stay applied
    db.close();
  });

  it("applies each migration once when several processes start at the same time", async () => {
    const file = path.join(tmp, "concurrent.db");
    const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, [tsx, path.join(ROOT, "scripts/migrate.ts")], {
              cwd: ROOT,
              env: { ...process.env, DATABASE_URL: `file:${file}`, HAVEN_MIGRATIONS_DIR: MIGRATIONS },
            });
            let out = "";
            child.stdout.on("data", (d) => (out += d));
            child.stderr.on("data", (d) => (out += d));
            child.on("close", (code) => resolve({ code, out }));
          }),
      ),
    );
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const applying = runs.flatMap((r) => r.out.split("\n").filter((l) => l.startsWith("migrate: applying ")));
    expect(applying).toHaveLength((await folderNames("sqlite")).length);
    const db = new Database(file, { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM "_prisma_migrations"`).get()).toEqual({ n: applying.length });
    db.close();
  }, 60_000);
});

const pgUp = await postgresForTests("migrate.spec skips the PostgreSQL cases");

describe.skipIf(!pgUp)("migrateDatabase on PostgreSQL (throwaway database)", () => {
  const dbName = `haven_mig_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${dbName}` }).toString();
  let tmp: string;

  async function admin<T>(fn: (c: pg.Client) => Promise<T>, target = PG_ADMIN_URL): Promise<T> {
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "haven-migrate-pg-"));
    await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
  });
  afterAll(async () => {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    await rm(tmp, { recursive: true, force: true });
  });

  it("applies each migration once even when three runs start together, then applies nothing", async () => {
    const names = await folderNames("postgresql");
    const runs = await Promise.all([1, 2, 3].map(() => migrateDatabase(url, { ...quiet, migrationsDir: MIGRATIONS })));
    expect(runs.flatMap((r) => r.applied).sort()).toEqual(names);

    await admin(async (c) => {
      const tables = (await c.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).rows.map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(["_prisma_migrations", "User", "Session", "Space", "Node", "FileVersion", "Blob", "Job"]));
      const cols = (
        await c.query<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
        )
      ).rows;
      expect(cols).toEqual([
        { column_name: "id", data_type: "character varying" },
        { column_name: "checksum", data_type: "character varying" },
        { column_name: "finished_at", data_type: "timestamp with time zone" },
        { column_name: "migration_name", data_type: "character varying" },
        { column_name: "logs", data_type: "text" },
        { column_name: "rolled_back_at", data_type: "timestamp with time zone" },
        { column_name: "started_at", data_type: "timestamp with time zone" },
        { column_name: "applied_steps_count", data_type: "integer" },
      ]);
      const sql = await readFile(path.join(MIGRATIONS, "postgresql", names[0]!, "migration.sql"));
      const row = (await c.query(`SELECT * FROM "_prisma_migrations" WHERE migration_name = $1`, [names[0]])).rows[0];
      expect(row).toMatchObject({ checksum: createHash("sha256").update(sql).digest("hex"), applied_steps_count: 1, logs: null, rolled_back_at: null });
      expect(row.finished_at).toBeInstanceOf(Date);
    }, url);

    expect((await migrateDatabase(url, { ...quiet, migrationsDir: MIGRATIONS })).applied).toEqual([]);
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    const dir = await migrationsWith(tmp, "postgresql", {
      "99990101000000_bad": `CREATE TABLE "Extra" ("id" INTEGER PRIMARY KEY);\nINSERT INTO "NoSuchTable" VALUES (1);\n`,
    });
    await expect(migrateDatabase(url, { ...quiet, migrationsDir: dir })).rejects.toThrow(/99990101000000_bad failed and was rolled back/);
    await admin(async (c) => {
      expect((await c.query(`SELECT to_regclass('"Extra"') AS t`)).rows[0]).toEqual({ t: null });
      expect((await c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '99990101000000_bad'`)).rows[0]).toEqual({ n: 0 });
    }, url);
  });

  it("refuses when an applied migration's checksum changed", async () => {
    await admin((c) => c.query(`UPDATE "_prisma_migrations" SET checksum = $1`, ["0".repeat(64)]), url);
    await expect(migrateDatabase(url, { ...quiet, migrationsDir: MIGRATIONS })).rejects.toThrow(/modified after it was applied/);
  });
});
