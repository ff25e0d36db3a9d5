import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { directSqliteOf, type Db } from "@/lib/db/client";
import { createHarness, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

/**
 * SqliteReader.useIdleWriter: the hot-path reads run on Prisma's own connection while no transaction is open there
 * (its page cache survives its own commits), and on the reader's own connection while one is, so that they never
 * see uncommitted rows.
 */
describe("SQLite hot-path reads on the idle writer's connection", () => {
  let h: TestHarness;
  let writer: Database.Database;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  /** the connection of each statement.get() since the last reset */
  const ranOn: Database.Database[] = [];
  let restore = () => undefined as void;
  beforeAll(async () => {
    h = await createHarness("sqlite");
    owner = await makeUser(h.services);
    writer = directSqliteOf((h.services.uow as unknown as { db: Db }).db)!.connection!.client;
    const probe = new Database(":memory:");
    const proto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Database.Statement;
    probe.close();
    const get = proto.get;
    proto.get = function (this: Database.Statement, ...args: unknown[]) {
      ranOn.push(this.database);
      return get.apply(this, args as []);
    } as typeof get;
    restore = () => void (proto.get = get);
  });
  beforeEach(() => void (ranOn.length = 0));
  afterAll(async () => {
    restore();
    await h?.close();
  });

  const nodes = () => h.services.uow.repos.nodes;

  it("reads on the writer's connection while it is idle, and sees its commits at once", async () => {
    const file = await putFile(h.services, owner.actor, owner.rootId, "a.txt", "one");
    ranOn.length = 0;
    expect((await nodes().findLiveChild(owner.rootId, "a.txt"))?.id).toBe(file.id);
    expect(ranOn.length).toBeGreaterThan(0);
    expect(ranOn.every((db) => db === writer)).toBe(true);
  });

  it("reads on its own connection while a Prisma transaction is open, and never sees that transaction's rows", async () => {
    const file = await putFile(h.services, owner.actor, owner.rootId, "b.txt", "two");
    let seenInside: unknown = "unread";
    await h.services.uow.transaction(async (repos) => {
      await repos.nodes.update(file.id, { name: "b-renamed.txt" });
      ranOn.length = 0;
      seenInside = (await nodes().findLiveChild(owner.rootId, "b.txt"))?.id ?? null;
      expect(await nodes().findLiveChild(owner.rootId, "b-renamed.txt")).toBeNull();
      expect(ranOn.length).toBeGreaterThan(0);
      expect(ranOn.some((db) => db === writer)).toBe(false);
    });
    expect(seenInside).toBe(file.id);
    expect((await nodes().findLiveChild(owner.rootId, "b-renamed.txt"))?.id).toBe(file.id);
    expect(await nodes().findLiveChild(owner.rootId, "b.txt")).toBeNull();
  });

  it("reads on its own connection while a direct transaction is open, and never sees its uncommitted rows", async () => {
    const spaces = () => h.services.uow.repos.spaces;
    const used = async () => (await spaces().findById(owner.spaceId))!.usedBytes;
    const before = await used();
    class RollBack extends Error {}
    await h.services.uow
      .rawTransaction(async (repos) => {
        expect(await repos.spaces.tryCharge(owner.spaceId, 1000, 0)).toBe(true);
        ranOn.length = 0;
        expect(await used()).toBe(before);
        expect(ranOn.length).toBeGreaterThan(0);
        expect(ranOn.some((db) => db === writer)).toBe(false);
        throw new RollBack();
      })
      .catch((e: unknown) => expect(e).toBeInstanceOf(RollBack));
    expect(await used()).toBe(before);
    // The same charge committed is seen at once, on the writer's connection.
    await h.services.uow.rawTransaction((repos) => repos.spaces.tryCharge(owner.spaceId, 1000, 0));
    ranOn.length = 0;
    expect(await used()).toBe(before + 1000);
    expect(ranOn.every((db) => db === writer)).toBe(true);
  });
});
