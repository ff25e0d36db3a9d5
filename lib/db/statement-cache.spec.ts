import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cacheStatements } from "./statement-cache";

type Bound = { reader: boolean; run(): Database.RunResult; columns(): Database.ColumnDefinition[]; raw(): { all(): unknown[] } };
const bind = (db: Database.Database, sql: string, args: unknown[]) => (db.prepare(sql) as unknown as { bind(a: unknown[]): Bound }).bind(args);

describe("cacheStatements", () => {
  it("prepares each SQL text once and binds fresh arguments on every use, as Prisma's adapter calls it", () => {
    const db = new Database(":memory:");
    db.exec('CREATE TABLE t ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL)');
    let prepared = 0;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (prepared++, prepare(sql))) as typeof db.prepare;
    cacheStatements(db);

    const insert = 'INSERT INTO t ("id", "name") VALUES (?, ?)';
    expect(bind(db, insert, [1, "a"]).reader).toBe(false);
    expect(bind(db, insert, [1, "a"]).run().changes).toBe(1);
    expect(bind(db, insert, [2, "b"]).run().changes).toBe(1);
    const select = 'SELECT "id", "name" FROM t WHERE "id" >= ? ORDER BY "id"';
    const read = bind(db, select, [2]);
    expect(read.reader).toBe(true);
    expect(read.columns().map((c) => c.name)).toEqual(["id", "name"]);
    expect(read.raw().all()).toEqual([[2, "b"]]);
    expect(bind(db, select, [1]).raw().all()).toEqual([[1, "a"], [2, "b"]]);
    expect(() => bind(db, insert, [1, "dup"]).run()).toThrow(/UNIQUE/);
    // BEGIN/COMMIT are prepared and run without bind.
    (db.prepare("BEGIN") as unknown as Bound).run();
    (db.prepare("COMMIT") as unknown as Bound).run();
    expect(prepared).toBe(4);
  });
});
