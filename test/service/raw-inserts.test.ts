import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import type { NodeRecord } from "@/lib/domain/types";
import { sortKeyOf } from "@/lib/domain/sort-key";
import { makeRepositories, type Repositories } from "@/lib/repositories";
import { toBlob, toNode, toVersion } from "@/lib/repositories/mappers";
import { createHarness, providers, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Rolls back whatever `work` did, after handing back what it read. */
async function rolledBack<T>(db: Db, work: (tx: Tx, repos: Repositories) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .$transaction(async (tx) => {
      out = await work(tx, makeRepositories(tx));
      throw new RollBack();
    })
    .catch((e: unknown) => {
      if (!(e instanceof RollBack)) throw e;
    });
  return out!;
}
class RollBack extends Error {}

/** Drops what differs between two runs of an insert by construction: the new id and the write's own clock. */
const sans = <T extends { id: number }>(row: T, ...clock: (keyof T)[]) => {
  const out: Partial<T> = { ...row };
  delete out.id;
  for (const k of clock) delete out[k];
  return out;
};

/**
 * The small PUT's inserts in raw SQL (issue 13: BlobRepository.createReferenced and createVersion,
 * NodeRepository.insertFile, AuditRepository.record) against the Prisma creates they replace: from the same state,
 * each in a rolled-back transaction, both leave the same row (read back through Prisma), and the record a raw insert
 * hands back is that row.
 */
describe.each(PROVIDERS)("raw inserts of the small PUT commit on %s", (provider) => {
  let h: TestHarness;
  let db: Db;
  let file: NodeRecord;
  let policyId: number;
  let userId: number;
  let owner: Awaited<ReturnType<typeof makeUser>>["actor"];
  beforeAll(async () => {
    h = await createHarness(provider);
    db = createDb(h.services.config.databaseUrl);
    const { actor, rootId } = await makeUser(h.services);
    userId = actor.userId;
    owner = actor;
    file = await putFile(h.services, actor, rootId, "f.txt", "first");
    const version = (await h.services.uow.repos.blobs.findVersion(file.currentVersionId!))!;
    policyId = (await db.blob.findUniqueOrThrow({ where: { id: version.blobId } })).policyId;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await h?.close();
  });

  const mtime = new Date("2026-05-01T09:00:00.000Z");
  const now = new Date("2026-06-01T10:00:00.000Z");

  it.each([null, "a".repeat(40)])("createReferenced (sha1 %s): the row blob.create leaves, and hands it back", async (sha1) => {
    const input = { policyId, key: `raw/${sha1 ?? "none"}`, size: 4096, sha256: "b".repeat(64), sha1 };
    const viaPrisma = await rolledBack(db, async (tx) => {
      const row = await tx.blob.create({ data: { ...input, size: BigInt(input.size), refCount: 1 } });
      return tx.blob.findUniqueOrThrow({ where: { id: row.id } });
    });
    const t0 = Date.now();
    const viaRaw = await rolledBack(db, async (tx, repos) => {
      const record = await repos.blobs.createReferenced(input);
      return { record, row: await tx.blob.findUniqueOrThrow({ where: { id: record.id } }) };
    });
    expect(sans(viaRaw.row, "createdAt")).toEqual(sans(viaPrisma, "createdAt"));
    expect(viaRaw.record).toEqual(toBlob(viaRaw.row));
    expect(viaRaw.row.createdAt.getTime()).toBeGreaterThanOrEqual(t0 - 1);
    expect(viaRaw.row.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it.each([{ authorId: null, createdAt: now }, { authorId: "user", createdAt: undefined }] as const)(
    "createVersion (author $authorId, createdAt $createdAt): the row fileVersion.create leaves, and hands it back",
    async ({ authorId, createdAt }) => {
      const blobId = (await h.services.uow.repos.blobs.findVersion(file.currentVersionId!))!.blobId;
      const input = { nodeId: file.id, blobId, size: 11, sha256: "c".repeat(64), authorId: authorId === "user" ? userId : null, mtime, ...(createdAt ? { createdAt } : {}) };
      const viaPrisma = await rolledBack(db, async (tx) => {
        const row = await tx.fileVersion.create({ data: { ...input, size: BigInt(input.size) } });
        return tx.fileVersion.findUniqueOrThrow({ where: { id: row.id } });
      });
      const viaRaw = await rolledBack(db, async (tx, repos) => {
        const record = await repos.blobs.createVersion(input);
        return { record, row: await tx.fileVersion.findUniqueOrThrow({ where: { id: record.id } }) };
      });
      const clock = createdAt ? [] : (["createdAt"] as const);
      expect(sans(viaRaw.row, ...clock)).toEqual(sans(viaPrisma, ...clock));
      expect(viaRaw.record).toEqual(toVersion(viaRaw.row));
    },
  );

  it.each([{ mimeType: "text/plain", creator: true }, { mimeType: null, creator: false }])(
    "insertFile ($mimeType): the row node.create leaves (live under its name, its sort key), and hands it back",
    async ({ mimeType, creator }) => {
      const input = { spaceId: file.spaceId, parentId: file.parentId, name: "Ünïcode 10.txt", size: 7, mimeType, etag: "new-etag", mtime, creatorId: creator ? userId : null };
      const viaPrisma = await rolledBack(db, async (tx) => {
        const row = await tx.node.create({ data: { ...input, liveName: input.name, trashedAt: null, sortKey: sortKeyOf(input.name), isFolder: false, size: BigInt(input.size), path: "" } });
        return tx.node.findUniqueOrThrow({ where: { id: row.id } });
      });
      const viaRaw = await rolledBack(db, async (tx, repos) => {
        const record = await repos.nodes.insertFile(input);
        return { record, row: await tx.node.findUniqueOrThrow({ where: { id: record.id } }), live: await repos.nodes.findLiveChild(input.parentId!, input.name) };
      });
      expect(sans(viaRaw.row, "createdAt", "updatedAt")).toEqual(sans(viaPrisma, "createdAt", "updatedAt"));
      expect(viaRaw.record).toEqual(toNode(viaRaw.row));
      expect(viaRaw.live).toEqual(viaRaw.record);
    },
  );

  it("insertFile refuses a name already live in the folder (a unique violation), as node.create does", async () => {
    const input = { spaceId: file.spaceId, parentId: file.parentId, name: file.name, size: 1, mimeType: null, etag: "e", mtime, creatorId: null };
    await expect(rolledBack(db, (_tx, repos) => repos.nodes.insertFile(input))).rejects.toThrow();
  });

  it.each([
    { actorId: "user", ip: "203.0.113.9", targetType: "node", targetId: "7", details: { viaLink: 3 }, node: true },
    { actorId: null, ip: null, node: false },
  ] as const)("audit.record: the row auditEvent.create leaves (actor $actorId)", async ({ actorId, node, ...rest }) => {
    const event = { action: "node.created", ...rest, actorId: actorId === "user" ? userId : null, ...(node ? { nodeId: file.id, spaceId: file.spaceId } : {}) };
    const row = { ...event, details: "details" in event ? JSON.stringify(event.details) : null, at: now };
    const viaPrisma = await rolledBack(db, async (tx) => {
      const { id } = await tx.auditEvent.create({ data: row });
      return tx.auditEvent.findUniqueOrThrow({ where: { id } });
    });
    const viaRaw = await rolledBack(db, async (tx, repos) => {
      await repos.audit.record(event, now);
      return tx.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    });
    expect(sans(viaRaw)).toEqual(sans(viaPrisma));
  });

  /**
   * The bulk upload's multi-row inserts (issue 13, bulk CPU): createManyReferenced, insertFiles, createVersions and
   * audit.recordMany in raw SQL against the Prisma createMany they replace, for several rows at once (order kept).
   */
  it("createManyReferenced: the rows blob.createMany leaves, in the order given, and hands them back", async () => {
    const inputs = [
      { policyId, key: "many/b", size: 4096, sha256: "b".repeat(64), sha1: "1".repeat(40) },
      { policyId, key: "many/a", size: 0, sha256: "a".repeat(64), sha1: null },
      { policyId, key: "many/c", size: 7, sha256: "c".repeat(64) },
    ];
    const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((x, y) => x.key.localeCompare(y.key));
    const viaPrisma = await rolledBack(db, async (tx) => {
      await tx.blob.createMany({ data: inputs.map((i) => ({ ...i, size: BigInt(i.size), refCount: 1 })) });
      return tx.blob.findMany({ where: { key: { startsWith: "many/" } } });
    });
    const viaRaw = await rolledBack(db, async (tx, repos) => {
      const records = await repos.blobs.createManyReferenced(inputs);
      return { records, rows: await tx.blob.findMany({ where: { key: { startsWith: "many/" } } }) };
    });
    expect(byKey(viaRaw.rows).map((r) => sans(r, "createdAt"))).toEqual(byKey(viaPrisma).map((r) => sans(r, "createdAt")));
    expect(viaRaw.records.map((r) => r.key)).toEqual(inputs.map((i) => i.key));
    expect(viaRaw.records).toEqual(viaRaw.records.map((r) => toBlob(viaRaw.rows.find((row) => row.id === r.id)!)));
  });

  it("insertFiles: the rows node.createMany leaves (live, sorted by name), in the order given, and hands them back", async () => {
    const inputs = ["Zeta.txt", "älpha 2.bin", "mid 10.txt"].map((name, i) => ({ spaceId: file.spaceId, parentId: file.parentId, name, size: i * 3, mimeType: i === 1 ? null : "text/plain", etag: `e${i}`, mtime, creatorId: i === 2 ? null : userId }));
    const names = inputs.map((i) => i.name);
    const viaPrisma = await rolledBack(db, async (tx) => {
      await tx.node.createMany({ data: inputs.map((i) => ({ ...i, liveName: i.name, trashedAt: null, sortKey: sortKeyOf(i.name), isFolder: false, size: BigInt(i.size), path: "" })) });
      return tx.node.findMany({ where: { name: { in: names } }, orderBy: { name: "asc" } });
    });
    const viaRaw = await rolledBack(db, async (tx, repos) => {
      const records = await repos.nodes.insertFiles(inputs);
      return { records, rows: await tx.node.findMany({ where: { name: { in: names } }, orderBy: { name: "asc" } }), live: await repos.nodes.liveChildrenNamed(file.parentId!, names) };
    });
    expect(viaRaw.rows.map((r) => sans(r, "createdAt", "updatedAt"))).toEqual(viaPrisma.map((r) => sans(r, "createdAt", "updatedAt")));
    expect(viaRaw.records.map((r) => r.name)).toEqual(names);
    expect(viaRaw.records).toEqual(viaRaw.records.map((r) => toNode(viaRaw.rows.find((row) => row.id === r.id)!)));
    expect(viaRaw.live).toHaveLength(3);
  });

  it("insertFiles refuses a name already live in the folder (a unique violation), as createMany does", async () => {
    const inputs = ["fresh.txt", file.name].map((name) => ({ spaceId: file.spaceId, parentId: file.parentId, name, size: 1, mimeType: null, etag: "e", mtime, creatorId: null }));
    await expect(rolledBack(db, (_tx, repos) => repos.nodes.insertFiles(inputs))).rejects.toThrow();
  });

  it("createVersions: the rows fileVersion.createMany leaves (with and without createdAt), in the order given", async () => {
    const blobId = (await h.services.uow.repos.blobs.findVersion(file.currentVersionId!))!.blobId;
    const others = await Promise.all(["v1.txt", "v2.txt"].map((name) => putFile(h.services, owner, file.parentId!, name, name)));
    const inputs = [
      { nodeId: others[1]!.id, blobId, size: 5, sha256: "d".repeat(64), authorId: userId, mtime, createdAt: now },
      { nodeId: others[0]!.id, blobId, size: 6, sha256: "e".repeat(64), authorId: null, mtime },
    ];
    const ids = inputs.map((i) => i.nodeId);
    const viaPrisma = await rolledBack(db, async (tx) => {
      await tx.fileVersion.createMany({ data: inputs.map((i) => ({ ...i, size: BigInt(i.size) })) });
      return tx.fileVersion.findMany({ where: { nodeId: { in: ids }, sha256: { in: ["d".repeat(64), "e".repeat(64)] } }, orderBy: { nodeId: "asc" } });
    });
    const t0 = Date.now();
    const viaRaw = await rolledBack(db, async (tx, repos) => {
      const records = await repos.blobs.createVersions(inputs);
      return { records, rows: await tx.fileVersion.findMany({ where: { nodeId: { in: ids }, sha256: { in: ["d".repeat(64), "e".repeat(64)] } }, orderBy: { nodeId: "asc" } }) };
    });
    const noClock = (r: (typeof viaPrisma)[number]) => (r.authorId === null ? sans(r, "createdAt") : sans(r));
    expect(viaRaw.rows.map(noClock)).toEqual(viaPrisma.map(noClock));
    expect(viaRaw.records.map((r) => r.nodeId)).toEqual(ids);
    expect(viaRaw.records).toEqual(viaRaw.records.map((r) => toVersion(viaRaw.rows.find((row) => row.id === r.id)!)));
    expect(viaRaw.records[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(t0 - 1);
  });

  it("audit.recordMany: the rows auditEvent.createMany leaves", async () => {
    const events = [
      { actorId: userId, ip: "203.0.113.9", action: "node.created", targetType: "node", targetId: String(file.id), details: { viaLink: 3 }, nodeId: file.id, spaceId: file.spaceId },
      { actorId: null, ip: null, action: "node.edited" },
    ];
    const rowOf = (e: (typeof events)[number]) => ({ at: now, actorId: e.actorId, ip: e.ip, action: e.action, targetType: e.targetType ?? null, targetId: e.targetId ?? null, details: e.details ? JSON.stringify(e.details) : null, nodeId: e.nodeId ?? null, spaceId: e.spaceId ?? null });
    const viaPrisma = await rolledBack(db, async (tx) => {
      await tx.auditEvent.createMany({ data: events.map(rowOf) });
      return tx.auditEvent.findMany({ orderBy: { id: "desc" }, take: 2 });
    });
    const viaRaw = await rolledBack(db, async (tx, repos) => {
      await repos.audit.recordMany(events, now);
      return tx.auditEvent.findMany({ orderBy: { id: "desc" }, take: 2 });
    });
    expect(viaRaw.map((r) => sans(r))).toEqual(viaPrisma.map((r) => sans(r)));
  });

  it.each([{ maxAttempts: undefined }, { maxAttempts: 3 }])("jobs.enqueue without a key (raw, maxAttempts $maxAttempts): the row job.create leaves", async ({ maxAttempts }) => {
    const input = { type: "thumbnails.render", payload: { blobId: 42, note: "ü" }, runAt: now, maxAttempts };
    const viaPrisma = await rolledBack(db, async (tx) => {
      const { id } = await tx.job.create({ data: { type: input.type, payload: JSON.stringify(input.payload), runAt: input.runAt, maxAttempts: maxAttempts ?? 5 } });
      return tx.job.findUniqueOrThrow({ where: { id } });
    });
    const t0 = Date.now();
    const viaRaw = await rolledBack(db, async (tx, repos) => {
      await repos.jobs.enqueue(input);
      return tx.job.findFirstOrThrow({ orderBy: { id: "desc" } });
    });
    expect(sans(viaRaw, "createdAt", "updatedAt")).toEqual(sans(viaPrisma, "createdAt", "updatedAt"));
    expect(viaRaw.createdAt.getTime()).toBeGreaterThanOrEqual(t0 - 1);
    expect(viaRaw.updatedAt).toEqual(viaRaw.createdAt);
  });

  it("davLocks.anyActive in a transaction (the commit's lock re-check, raw): what davLock.findFirst answers", async () => {
    const expiresAt = new Date("2026-06-01T10:00:00.000Z");
    const answers = await rolledBack(db, async (tx, repos) => {
      const ask = async (spaceId: number, at: Date) => {
        const viaPrisma = (await tx.davLock.findFirst({ where: { spaceId, expiresAt: { gt: at } }, select: { token: true } })) !== null;
        return { raw: await repos.davLocks.anyActive(spaceId, at), prisma: viaPrisma };
      };
      const none = await ask(file.spaceId, now);
      await repos.davLocks.create({ token: "opaquelocktoken:raw", spaceId: file.spaceId, path: "/f.txt", scope: "exclusive", deep: false, owner: null, userId, timeoutSeconds: 60, expiresAt });
      return [none, await ask(file.spaceId, new Date(expiresAt.getTime() - 1)), await ask(file.spaceId, expiresAt), await ask(file.spaceId + 1000, now)];
    });
    expect(answers).toEqual([{ raw: false, prisma: false }, { raw: true, prisma: true }, { raw: false, prisma: false }, { raw: false, prisma: false }]);
  });
});
