import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { Mismatch } from "@/lib/domain/consistency-report";
import type { SizedNode } from "@/lib/domain/folder-sizes";

type MismatchRow = { id: number | bigint; recorded: number | bigint; actual: number | bigint };
const toMismatch = (r: MismatchRow): Mismatch => ({ id: Number(r.id), recorded: Number(r.recorded), actual: Number(r.actual) });

/**
 * The consistency check's reads and its repairs. Each repair recomputes a figure from the rows in one UPDATE, so a
 * change committed meanwhile is not overwritten with a figure read before it.
 */
export class ConsistencyRepository {
  constructor(private readonly db: DbTx) {}

  /** Every blob row of a policy: key, size and id. */
  async blobsOf(policyId: number): Promise<{ id: number; key: string; size: number }[]> {
    const rows = await this.db.blob.findMany({ where: { policyId }, select: { id: true, key: true, size: true } });
    return rows.map((r) => ({ id: r.id, key: r.key, size: Number(r.size) }));
  }

  /** Storage keys of uploads in progress on a policy (their bytes have no blob row yet). */
  async uploadKeysOf(policyId: number): Promise<string[]> {
    return (await this.db.upload.findMany({ where: { policyId }, select: { storageKey: true } })).map((r) => r.storageKey);
  }

  /**
   * Which of `keys` any blob row or upload in progress names, under any policy: two policies may share a bucket and
   * prefix (or a folder), and one's objects are never the other's orphans.
   */
  async keysInUse(keys: string[]): Promise<Set<string>> {
    const used = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      for (const r of await this.db.blob.findMany({ where: { key: { in: part } }, select: { key: true } })) used.add(r.key);
      for (const r of await this.db.upload.findMany({ where: { storageKey: { in: part } }, select: { storageKey: true } })) used.add(r.storageKey);
    }
    return used;
  }

  async uploadIds(ids: string[]): Promise<Set<string>> {
    return new Set((await this.db.upload.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id));
  }

  /** The files whose versions use these blobs, by blob. */
  async filesUsing(blobIds: number[]): Promise<Map<number, { spaceId: number; nodeId: number; name: string }[]>> {
    const rows = await this.db.fileVersion.findMany({ where: { blobId: { in: blobIds } }, select: { blobId: true, node: { select: { id: true, spaceId: true, name: true } } } });
    const out = new Map<number, { spaceId: number; nodeId: number; name: string }[]>();
    for (const r of rows) out.set(r.blobId, [...(out.get(r.blobId) ?? []), { spaceId: r.node.spaceId, nodeId: r.node.id, name: r.node.name }]);
    return out;
  }

  /** Blobs whose reference count is not the number of versions using them. */
  async refCountMismatches(): Promise<Mismatch[]> {
    const rows = await this.db.$queryRaw<MismatchRow[]>`SELECT b."id" AS "id", b."refCount" AS "recorded", COUNT(v."id") AS "actual"
      FROM "Blob" b LEFT JOIN "FileVersion" v ON v."blobId" = b."id" GROUP BY b."id", b."refCount" HAVING b."refCount" <> COUNT(v."id") ORDER BY b."id"`;
    return rows.map(toMismatch);
  }

  /** Spaces whose usage is not the bytes of their live and trashed versions. */
  async usageMismatches(): Promise<Mismatch[]> {
    const rows = await this.db.$queryRaw<MismatchRow[]>`SELECT s."id" AS "id", s."usedBytes" AS "recorded", CAST(COALESCE(SUM(v."size"), 0) AS BIGINT) AS "actual"
      FROM "Space" s LEFT JOIN "Node" n ON n."spaceId" = s."id" LEFT JOIN "FileVersion" v ON v."nodeId" = n."id"
      GROUP BY s."id", s."usedBytes" HAVING s."usedBytes" <> CAST(COALESCE(SUM(v."size"), 0) AS BIGINT) ORDER BY s."id"`;
    return rows.map(toMismatch);
  }

  /** Spaces whose reservation is not the declared sizes of their uploads in progress (visitor uploads reserve elsewhere). */
  async reservationMismatches(): Promise<Mismatch[]> {
    const rows = await this.db.$queryRaw<MismatchRow[]>`SELECT s."id" AS "id", s."reservedBytes" AS "recorded", CAST(COALESCE(SUM(u."size"), 0) AS BIGINT) AS "actual"
      FROM "Space" s LEFT JOIN "Upload" u ON u."spaceId" = s."id" AND u."shareLinkId" IS NULL
      GROUP BY s."id", s."reservedBytes" HAVING s."reservedBytes" <> CAST(COALESCE(SUM(u."size"), 0) AS BIGINT) ORDER BY s."id"`;
    return rows.map(toMismatch);
  }

  async spaceIds(): Promise<number[]> {
    return (await this.db.space.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
  }

  /** The tree of a space, as much as folder sizes need. */
  async nodesOf(spaceId: number): Promise<SizedNode[]> {
    const rows = await this.db.node.findMany({ where: { spaceId }, select: { id: true, parentId: true, isFolder: true, size: true, trashedAt: true } });
    return rows.map((r) => ({ id: r.id, parentId: r.parentId, isFolder: r.isFolder, size: Number(r.size), live: r.trashedAt === null }));
  }

  async recountRefs(blobId: number): Promise<void> {
    await this.db.$executeRaw`UPDATE "Blob" SET "refCount" = (SELECT COUNT(*) FROM "FileVersion" v WHERE v."blobId" = ${blobId}) WHERE "id" = ${blobId}`;
  }

  async recountUsage(spaceId: number): Promise<void> {
    await this.db.$executeRaw`UPDATE "Space" SET "usedBytes" = (SELECT CAST(COALESCE(SUM(v."size"), 0) AS BIGINT) FROM "FileVersion" v JOIN "Node" n ON n."id" = v."nodeId"
      WHERE n."spaceId" = ${spaceId}) WHERE "id" = ${spaceId}`;
  }

  async recountReservations(spaceId: number): Promise<void> {
    await this.db.$executeRaw`UPDATE "Space" SET "reservedBytes" = (SELECT CAST(COALESCE(SUM(u."size"), 0) AS BIGINT) FROM "Upload" u
      WHERE u."spaceId" = ${spaceId} AND u."shareLinkId" IS NULL) WHERE "id" = ${spaceId}`;
  }

  /** Sets a folder's size if it still has the wrong one, with a new ETag (its oc:size changes). */
  async fixFolderSize(nodeId: number, wrong: number, right: number, etag: string): Promise<void> {
    await this.db.node.updateMany({ where: { id: nodeId, size: BigInt(wrong) }, data: { size: BigInt(right), etag } });
  }

  async createRun(repair: boolean, at: Date): Promise<number> {
    return (await this.db.consistencyRun.create({ data: { repair, createdAt: at } })).id;
  }

  async finishRun(id: number, status: "done" | "failed", report: unknown, at: Date): Promise<void> {
    await this.db.consistencyRun.update({ where: { id }, data: { status, report: JSON.stringify(report), finishedAt: at } });
  }

  async findRun(id: number): Promise<{ id: number; repair: boolean; status: string; report: unknown; createdAt: Date; finishedAt: Date | null } | null> {
    const row = await this.db.consistencyRun.findUnique({ where: { id } });
    return row ? { ...row, report: row.report === null ? null : (JSON.parse(row.report) as unknown) } : null;
  }

  async latestRunId(): Promise<number | null> {
    return (await this.db.consistencyRun.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? null;
  }
}
