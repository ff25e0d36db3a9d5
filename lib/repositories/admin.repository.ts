import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { NodeRecord } from "@/lib/domain/types";

export interface DayCounts {
  day: string;
  uploads: number;
  uploadBytes: number;
  downloads: number;
  downloadBytes: number;
}

export interface PolicyUsage {
  policyId: number;
  name: string;
  kind: string;
  isDefault: boolean;
  spaces: number;
  bytes: number;
}

const num = (v: number | bigint | null | undefined): number => Number(v ?? 0);

/**
 * The admin's figures and account removal: per-day counters (DailyStat), cheap counts for the overview, and the
 * bulk moves that hand one account's files to another. Every figure is an aggregate over an index or a small table.
 */
export class AdminRepository {
  constructor(private readonly db: DbTx) {}

  /** Adds to a day's counters in one statement (an upsert both providers speak). */
  async addDay(day: string, delta: { uploads?: number; uploadBytes?: number; downloads?: number; downloadBytes?: number }): Promise<void> {
    const u = delta.uploads ?? 0, ub = delta.uploadBytes ?? 0, d = delta.downloads ?? 0, db = delta.downloadBytes ?? 0;
    await this.db.$executeRaw`INSERT INTO "DailyStat" ("day", "uploads", "uploadBytes", "downloads", "downloadBytes") VALUES (${day}, ${u}, ${ub}, ${d}, ${db})
      ON CONFLICT ("day") DO UPDATE SET "uploads" = "DailyStat"."uploads" + ${u}, "uploadBytes" = "DailyStat"."uploadBytes" + ${ub},
      "downloads" = "DailyStat"."downloads" + ${d}, "downloadBytes" = "DailyStat"."downloadBytes" + ${db}`;
  }

  async days(from: string, to: string): Promise<DayCounts[]> {
    const rows = await this.db.dailyStat.findMany({ where: { day: { gte: from, lte: to } }, orderBy: { day: "asc" } });
    return rows.map((r) => ({ day: r.day, uploads: r.uploads, uploadBytes: num(r.uploadBytes), downloads: r.downloads, downloadBytes: num(r.downloadBytes) }));
  }

  async usersByRole(): Promise<{ role: string; disabled: boolean; count: number }[]> {
    const rows = await this.db.user.groupBy({ by: ["role", "disabled"], _count: { _all: true } });
    return rows.map((r) => ({ role: r.role, disabled: r.disabled, count: r._count._all }));
  }

  async spacesByKind(): Promise<Record<string, number>> {
    const rows = await this.db.space.groupBy({ by: ["kind"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.kind, r._count._all]));
  }

  /** Live files and folders (the index on isFolder, trashedAt answers without reading rows). */
  async nodeCounts(): Promise<{ files: number; folders: number }> {
    const rows = await this.db.$queryRaw<{ isFolder: boolean | number; n: number | bigint }[]>`SELECT "isFolder", COUNT(*) AS "n" FROM "Node" WHERE "trashedAt" IS NULL GROUP BY "isFolder"`;
    let files = 0, folders = 0;
    for (const r of rows) (r.isFolder === true || r.isFolder === 1 ? (folders = num(r.n)) : (files = num(r.n)));
    return { files, folders };
  }

  /** Bytes per storage policy: a GROUP BY over spaces, which carry their used bytes. */
  async policyUsage(): Promise<PolicyUsage[]> {
    const [policies, sums] = await Promise.all([
      this.db.storagePolicy.findMany({ orderBy: { id: "asc" } }),
      this.db.space.groupBy({ by: ["policyId"], _sum: { usedBytes: true }, _count: { _all: true } }),
    ]);
    const byPolicy = new Map(sums.map((s) => [s.policyId, s]));
    return policies.map((p) => ({
      policyId: p.id,
      name: p.name,
      kind: p.kind,
      isDefault: p.isDefault,
      spaces: byPolicy.get(p.id)?._count._all ?? 0,
      bytes: num(byPolicy.get(p.id)?._sum.usedBytes),
    }));
  }

  async jobsByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.job.groupBy({ by: ["status"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }

  /**
   * Moves everything below `from` (a space root; live and trashed) under the folder `into` of space `spaceId`: one
   * statement for the parents, one for the paths and space. The caller fixes sizes, ETags and usage.
   */
  async moveContent(from: NodeRecord, into: NodeRecord): Promise<void> {
    await this.db.node.updateMany({ where: { parentId: from.id }, data: { parentId: into.id } });
    await this.db.node.updateMany({ where: { originalParentId: from.id }, data: { originalParentId: into.id } });
    await this.db.$executeRaw`UPDATE "Node" SET "path" = ${into.path} || substr("path", ${from.path.length + 1}), "spaceId" = ${into.spaceId}
      WHERE "path" LIKE ${`${from.path}%`} AND "id" <> ${from.id}`;
  }

  /** Removes the public links and internal grants on a subtree (files given to a new owner are not shared on unasked). */
  async unshareSubtree(path: string): Promise<void> {
    await this.db.shareLink.deleteMany({ where: { node: { path: { startsWith: path } } } });
    await this.db.shareGrant.deleteMany({ where: { node: { path: { startsWith: path } } } });
  }

  /**
   * Removes an account whose files are gone or moved: its space and root, uploads, locks, the links and grants it made
   * (moved files are not shared on by their new owner unasked) and those it received, then the user.
   */
  async removeAccount(userId: number, spaceId: number | null, rootNodeId: number | null): Promise<void> {
    await this.db.upload.deleteMany({ where: { userId } });
    await this.db.shareGrant.deleteMany({ where: { OR: [{ recipientType: "user", recipientId: userId }, { createdById: userId }] } });
    await this.db.shareLink.deleteMany({ where: { createdById: userId } });
    if (spaceId !== null) {
      await this.db.davLock.deleteMany({ where: { spaceId } });
      await this.db.space.updateMany({ where: { id: spaceId }, data: { rootNodeId: null } });
      if (rootNodeId !== null) await this.db.node.deleteMany({ where: { id: rootNodeId } });
      await this.db.space.deleteMany({ where: { id: spaceId } });
    }
    await this.db.davLock.deleteMany({ where: { userId } });
    await this.db.user.delete({ where: { id: userId } });
  }
}
