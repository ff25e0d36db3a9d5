import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { cacheConnectionStatements, cacheStatements } from "./statement-cache";

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

  it("passes statement members it does not cache on to a fresh statement, with the bound arguments, and says so", () => {
    const db = new Database(":memory:");
    db.exec('CREATE TABLE t ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL)');
    db.exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    cacheStatements(db);
    type Loose = Record<string, (...a: unknown[]) => unknown> & { source: string };
    const select = 'SELECT "id", "name" FROM t WHERE "id" >= ? ORDER BY "id"';
    const bound = (db.prepare(select) as unknown as { bind(a: unknown[]): Loose }).bind([2]);
    expect(bound.get!()).toEqual({ id: 2, name: "b" });
    expect(bound.all!()).toEqual([{ id: 2, name: "b" }]);
    expect(bound.source).toBe(select);
    expect((bound.raw!() as Loose).get!()).toEqual([2, "b"]);
    expect((db.prepare(select) as unknown as Loose).all!(1)).toHaveLength(2);
    // The cached statement is untouched: the known path still reads with its own arguments.
    expect(bind(db, select, [1]).raw().all()).toEqual([[1, "a"], [2, "b"]]);
    expect(warn.mock.calls.map(([m]) => String(m)).join("\n")).toMatch(/statement\.get/);
    warn.mockRestore();
  });

  it("hooks the database a Prisma connection keeps in `client`, and warns instead of guessing when it is not there", () => {
    const db = new Database(":memory:");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(cacheConnectionStatements({ client: db })).toBe(true);
    expect(db.prepare).not.toBe(Database.prototype.prepare);
    expect(cacheConnectionStatements({ db })).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not cached/));
    warn.mockRestore();
  });
});
