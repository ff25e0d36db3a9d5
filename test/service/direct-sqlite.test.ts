import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, directSqliteOf, type Db } from "@/lib/db/client";
import { NeedsPrismaClient } from "@/lib/db/direct-sqlite";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { UnitOfWork } from "@/lib/repositories";
import { isUniqueViolation } from "@/lib/services/tree";
import { createHarness, type TestHarness } from "../helpers/services";
import { makeUser } from "../helpers/factories";

class RollBack extends Error {}

/**
 * DirectSqlite (UnitOfWork.rawTransaction on SQLite): the write path's raw SQL run straight on Prisma's connection.
 * It must bind and answer as Prisma's `$queryRaw`/`$executeRaw` do, commit or roll back as a whole, hand work that
 * reaches beyond raw SQL back to Prisma (once, in full), and never interleave with Prisma's own transactions.
 */
describe("direct SQLite transactions", () => {
  let h: TestHarness;
  let db: Db;
  let uow: UnitOfWork;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    h = await createHarness("sqlite");
    db = createDb(h.services.config.databaseUrl);
    await db.$queryRaw`SELECT 1`;
    uow = new UnitOfWork(db);
    owner = await makeUser(h.services);
    await h.services.uploads.putStream(owner.actor, { parentId: owner.rootId, name: "seen.txt", body: Readable.from([Buffer.from("hello")]), declaredSize: 5, mtime: new Date("2026-03-04T05:06:07.890Z") });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await h?.close();
  });

  /** What `query` answers in a Prisma transaction and in a direct one, both rolled back. */
  async function both<T>(query: (tx: Prisma.TransactionClient) => Promise<T>): Promise<{ prisma: T; direct: T }> {
    let prisma: T | undefined;
    let direct: T | undefined;
    await db.$transaction(async (tx) => {
      prisma = await query(tx);
      throw new RollBack();
    }).catch((e: unknown) => expect(e).toBeInstanceOf(RollBack));
    await directSqliteOf(db)!.transaction(async (tx) => {
      direct = await query(tx as Prisma.TransactionClient);
      throw new RollBack();
    }).catch((e: unknown) => expect(e).toBeInstanceOf(RollBack));
    return { prisma: prisma!, direct: direct! };
  }

  it("answers $queryRaw as Prisma does: dates, booleans, BIGINT, integers, text and NULL, by tagged template and Prisma.Sql", async () => {
    const file = Prisma.sql`SELECT * FROM "Node" WHERE "name" = ${"seen.txt"} AND "isFolder" = ${false}`;
    const { prisma, direct } = await both(async (tx) => ({
      node: await tx.$queryRaw<unknown[]>`SELECT * FROM "Node" WHERE "name" = ${"seen.txt"}`,
      bySql: await tx.$queryRaw<unknown[]>(file),
      space: await tx.$queryRaw<unknown[]>`SELECT "id", "usedBytes", "quota", "createdAt" FROM "Space" ORDER BY "id"`,
      expressions: await tx.$queryRaw<unknown[]>`SELECT COUNT(*) AS "n", MAX("size") AS "biggest", 1.5 AS "real", NULL AS "none" FROM "Node"`,
      unsafe: await tx.$queryRawUnsafe<unknown[]>(`SELECT "id", "mtime", "trashedAt" FROM "Node" WHERE "mtime" > ? ORDER BY "id"`, new Date("2020-01-01T00:00:00Z")),
    }));
    expect(direct).toEqual(prisma);
    const [node] = direct.node as Record<string, unknown>[];
    expect(node!.mtime).toEqual(new Date("2026-03-04T05:06:07.890Z"));
    expect(node!.isFolder).toBe(false);
    expect(node!.size).toBe(5n);
  });

  it("answers $executeRaw with the rows changed, and a RETURNING insert with its row, as Prisma does", async () => {
    const now = new Date("2026-06-01T10:00:00.000Z");
    const { prisma, direct } = await both(async (tx) => {
      const touched = await tx.$executeRaw`UPDATE "Node" SET "updatedAt" = ${now} WHERE "spaceId" = ${owner.spaceId} OR "id" > 0`;
      const none = await tx.$executeRawUnsafe(`UPDATE "Node" SET "size" = 1 WHERE "id" = ?`, -1);
      const [inserted] = await tx.$queryRaw<{ action: string; at: Date; nodeId: number | null }[]>`INSERT INTO "AuditEvent" ("at", "action", "targetType") VALUES (${now}, ${"probe"}, ${"node"}) RETURNING "action", "at", "nodeId"`;
      return { touched, none, inserted };
    });
    expect(direct).toEqual(prisma);
    expect(direct.touched).toBeGreaterThan(0);
    expect(direct.none).toBe(0);
    expect(direct.inserted).toEqual({ action: "probe", at: now, nodeId: null });
  });

  it("commits all of the work, or on a throw (a unique violation here) none of it", async () => {
    const count = async () => Number((await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "action" = 'direct.test'`)[0]!.n);
    const before = await count();
    const insert = (repos: UnitOfWork["repos"]) => repos.audit.record({ actorId: null, ip: null, action: "direct.test" }, new Date());
    await uow.rawTransaction(async (repos) => {
      await insert(repos);
      await insert(repos);
    });
    expect(await count()).toBe(before + 2);
    const failed = await uow
      .rawTransaction(async (repos) => {
        await insert(repos);
        await repos.nodes.insertFile({ spaceId: owner.spaceId, parentId: owner.rootId, name: "seen.txt", size: 1, mimeType: null, etag: "e", mtime: new Date(), creatorId: null });
      })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(failed)).toBe(true);
    expect(await count()).toBe(before + 2);
  });

  it("hands work that reaches for a model query back to Prisma, in full and once, even when the work caught the refusal", async () => {
    const marker = `fallback-${Date.now()}`;
    let runs = 0;
    const result = await uow.rawTransaction(async (repos) => {
      runs++;
      await repos.audit.record({ actorId: null, ip: null, action: marker }, new Date());
      // A model query (users.findById in a transaction is Prisma's findUnique): not available directly.
      const user = await repos.users.findById(owner.actor.userId).catch((e: unknown) => {
        if (!(e instanceof NeedsPrismaClient)) throw e;
        return null;
      });
      return user?.username ?? "not read";
    });
    expect(result).toBe(owner.user.username);
    expect(runs).toBe(2);
    expect(await db.auditEvent.count({ where: { action: marker } })).toBe(1);
  });

  it("waits for a Prisma interactive transaction on the connection, and Prisma's waits for it", async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const prisma = db.$transaction(async (tx) => {
      order.push("prisma begins");
      await tx.$executeRaw`UPDATE "Space" SET "usedBytes" = "usedBytes" WHERE "id" = ${owner.spaceId}`;
      await held;
      order.push("prisma commits");
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const direct = uow.rawTransaction(async (repos) => {
      order.push("direct runs");
      await repos.audit.record({ actorId: null, ip: null, action: "direct.order" }, new Date());
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(["prisma begins"]);
    release();
    await Promise.all([prisma, direct]);
    expect(order).toEqual(["prisma begins", "prisma commits", "direct runs"]);
  });

  it("holds back Prisma's statements outside transactions while it is open, so its rollback never takes them along", async () => {
    const marker = `outside-${Date.now()}`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const direct = uow
      .rawTransaction(async (repos) => {
        await repos.audit.record({ actorId: null, ip: null, action: `${marker}-inside` }, new Date());
        await gate;
        order.push("direct rolls back");
        throw new RollBack();
      })
      .catch((e: unknown) => expect(e).toBeInstanceOf(RollBack));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = db.auditEvent.create({ data: { action: `${marker}-outside`, at: new Date() } }).then(() => order.push("outside written"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    release();
    await Promise.all([direct, outside]);
    expect(order).toEqual(["direct rolls back", "outside written"]);
    expect(await db.auditEvent.count({ where: { action: `${marker}-outside` } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: `${marker}-inside` } })).toBe(0);
  });

  it("runs through Prisma before Prisma's connection is open", async () => {
    const fresh = createDb(h.services.config.databaseUrl);
    try {
      expect(directSqliteOf(fresh)!.connection).toBeNull();
      const answer = await new UnitOfWork(fresh).rawTransaction(async (repos) => (await repos.spaces.findById(owner.spaceId))?.id);
      expect(answer).toBe(owner.spaceId);
    } finally {
      await fresh.$disconnect();
    }
  });
});
