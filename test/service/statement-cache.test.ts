import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

/**
 * The statement cache hooks a non-public field of Prisma's SQLite adapter (lib/db/statement-cache.ts). This runs the
 * installed Prisma through the real createDb: once warm, repeated queries must prepare nothing, so a Prisma upgrade
 * that moves the hook point fails here instead of silently preparing every statement again.
 */
describe("statement cache with the installed Prisma", () => {
  let dir: string;
  let db: Db;
  const prepare = vi.spyOn(Database.prototype, "prepare");
  const warn = vi.spyOn(console, "warn");
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "haven-stmt-"));
    const url = `file:${path.join(dir, "haven.db")}`;
    await migrateDatabase(url, { log: () => undefined });
    db = createDb(url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    prepare.mockRestore();
    warn.mockRestore();
    await rm(dir, { recursive: true, force: true });
  });

  const round = async (i: number) => {
    const user = await db.user.create({ data: { username: `u${i}`, displayName: `User ${i}`, passwordHash: "x" } });
    const found = await db.user.findUnique({ where: { id: user.id } });
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { displayName: `Renamed ${i}` } });
      await tx.user.count();
    });
    const renamed = await db.user.findUnique({ where: { username: `u${i}` }, select: { displayName: true } });
    return { found: found?.username, renamed: renamed?.displayName };
  };

  it("prepares no statement again once warm, and answers as before", async () => {
    expect(await round(0)).toEqual({ found: "u0", renamed: "Renamed 0" });
    const warm = prepare.mock.calls.length;
    expect(warm).toBeGreaterThan(0);
    for (let i = 1; i <= 5; i++) expect(await round(i)).toEqual({ found: `u${i}`, renamed: `Renamed ${i}` });
    expect(prepare.mock.calls.length).toBe(warm);
    expect(await db.user.count()).toBe(6);
    await expect(db.user.create({ data: { username: "u1", displayName: "dup", passwordHash: "x" } })).rejects.toThrow(/Unique constraint/);
    expect(warn.mock.calls.filter(([m]) => String(m).startsWith("statement cache"))).toEqual([]);
  });
});
