import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { Blob, PolicyMigration, Prisma } from "@/lib/db/generated/sqlite/client";
import type { BlobRecord, PolicyRecord } from "@/lib/domain/types";
import { toBlob, toPolicy } from "./mappers";

/** A blob the migration could not move, and why. */
export interface MigrationFailure {
  blobId: number;
  key: string;
  reason: string;
}

export interface PolicyMigrationRecord {
  id: number;
  spaceId: number;
  targetPolicyId: number;
  status: "running" | "done" | "failed";
  plannedBlobs: number;
  plannedBytes: number;
  copiedBlobs: number;
  copiedBytes: number;
  reusedBlobs: number;
  versionsMoved: number;
  failures: MigrationFailure[];
  createdAt: Date;
  finishedAt: Date | null;
}

const toMigration = (r: PolicyMigration): PolicyMigrationRecord => ({
  ...r,
  status: r.status as PolicyMigrationRecord["status"],
  plannedBytes: Number(r.plannedBytes),
  copiedBytes: Number(r.copiedBytes),
  failures: JSON.parse(r.failures) as MigrationFailure[],
});

/** Blobs referenced by a version of the space and held by another policy than `targetPolicyId`. */
const movable = (spaceId: number, targetPolicyId: number): Prisma.BlobWhereInput => ({
  policyId: { not: targetPolicyId },
  versions: { some: { node: { spaceId } } },
});

/** Moving a space's blobs between storage policies: the migration rows and the switch of versions to a new blob. */
export class PolicyMigrationRepository {
  constructor(private readonly db: DbTx) {}

  async policyByName(name: string): Promise<PolicyRecord | null> {
    const row = await this.db.storagePolicy.findUnique({ where: { name } });
    return row ? toPolicy(row) : null;
  }

  /** Where the space's new uploads go from now on. */
  async setSpacePolicy(spaceId: number, policyId: number): Promise<void> {
    await this.db.space.update({ where: { id: spaceId }, data: { policyId } });
  }

  /** How many distinct blobs (and bytes) of the space still sit on other policies than the target. */
  async remaining(spaceId: number, targetPolicyId: number): Promise<{ blobs: number; bytes: number }> {
    const agg = await this.db.blob.aggregate({ where: movable(spaceId, targetPolicyId), _count: { _all: true }, _sum: { size: true } });
    return { blobs: agg._count._all, bytes: Number(agg._sum.size ?? 0) };
  }

  /** The next blobs to move, by id after `afterId`. */
  async blobsToMove(spaceId: number, targetPolicyId: number, afterId: number, limit: number): Promise<BlobRecord[]> {
    const rows: Blob[] = await this.db.blob.findMany({ where: { ...movable(spaceId, targetPolicyId), id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit });
    return rows.map(toBlob);
  }

  /** A blob row for bytes just copied to the target, with no reference yet (`switchVersions` adds them). */
  async createUnreferencedBlob(input: { policyId: number; key: string; size: number; sha256: string; sha1: string | null }): Promise<number> {
    const row = await this.db.blob.create({ data: { ...input, size: BigInt(input.size), refCount: 0 } });
    return row.id;
  }

  /**
   * Points every version of the space that uses blob `fromId` at blob `toId` and moves that many references (a version
   * added meanwhile keeps its reference on `fromId` and is moved by a later pass); `fromId`'s bytes are kept at least
   * until `keepUntil`. Returns how many versions moved.
   */
  async switchVersions(spaceId: number, fromId: number, toId: number, keepUntil: Date): Promise<number> {
    const moved = await this.db.$executeRaw`UPDATE "FileVersion" SET "blobId" = ${toId}
      WHERE "blobId" = ${fromId} AND "nodeId" IN (SELECT "id" FROM "Node" WHERE "spaceId" = ${spaceId})`;
    if (moved > 0) {
      await this.db.blob.update({ where: { id: toId }, data: { refCount: { increment: moved } } });
      await this.db.blob.update({ where: { id: fromId }, data: { refCount: { decrement: moved }, keepUntil } });
    }
    return moved;
  }

  async create(input: { spaceId: number; targetPolicyId: number; plannedBlobs: number; plannedBytes: number; createdAt: Date }): Promise<PolicyMigrationRecord> {
    return toMigration(await this.db.policyMigration.create({ data: { ...input, plannedBytes: BigInt(input.plannedBytes) } }));
  }

  async findById(id: number): Promise<PolicyMigrationRecord | null> {
    const row = await this.db.policyMigration.findUnique({ where: { id } });
    return row ? toMigration(row) : null;
  }

  async runningFor(spaceId: number): Promise<PolicyMigrationRecord | null> {
    const row = await this.db.policyMigration.findFirst({ where: { spaceId, status: "running" } });
    return row ? toMigration(row) : null;
  }

  /** Adds switched blobs to the figures. */
  async countMoved(id: number, moved: { copiedBlobs: number; copiedBytes: number; reusedBlobs: number; versions: number }): Promise<void> {
    await this.db.policyMigration.update({
      where: { id },
      data: {
        copiedBlobs: { increment: moved.copiedBlobs },
        copiedBytes: { increment: BigInt(moved.copiedBytes) },
        reusedBlobs: { increment: moved.reusedBlobs },
        versionsMoved: { increment: moved.versions },
      },
    });
  }

  async finish(id: number, status: "done" | "failed", failures: MigrationFailure[], at: Date): Promise<void> {
    await this.db.policyMigration.update({ where: { id }, data: { status, failures: JSON.stringify(failures), finishedAt: at } });
  }
}
