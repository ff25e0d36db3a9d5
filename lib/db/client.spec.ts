import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, sqliteSynchronous } from "./client";

describe("SQLite durability setting", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("is NORMAL unless HAVEN_SQLITE_SYNC says full, and refuses other values", () => {
    expect(sqliteSynchronous({})).toBe("NORMAL");
    expect(sqliteSynchronous({ HAVEN_SQLITE_SYNC: "normal" })).toBe("NORMAL");
    expect(sqliteSynchronous({ HAVEN_SQLITE_SYNC: "FULL" })).toBe("FULL");
    expect(() => sqliteSynchronous({ HAVEN_SQLITE_SYNC: "off" })).toThrow(/HAVEN_SQLITE_SYNC/);
  });

  it("is applied to the connection the client opens", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "haven-sync-"));
    dirs.push(dir);
    for (const [env, level] of [[undefined, 1], ["full", 2]] as const) {
      const before = process.env.HAVEN_SQLITE_SYNC;
      if (env) process.env.HAVEN_SQLITE_SYNC = env;
      else delete process.env.HAVEN_SQLITE_SYNC;
      const db = createDb(`file:${path.join(dir, `${env ?? "default"}.db`)}`);
      try {
        const rows = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
        expect(Number(rows[0]!.synchronous)).toBe(level);
      } finally {
        await db.$disconnect();
        if (before === undefined) delete process.env.HAVEN_SQLITE_SYNC;
        else process.env.HAVEN_SQLITE_SYNC = before;
      }
    }
  });
});
