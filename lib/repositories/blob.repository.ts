import "server-only";
import { providerOfDb, type DbTx } from "@/lib/db/client";
import type { Blob, FileVersion, StoragePolicy } from "@/lib/db/generated/sqlite/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { chunks } from "@/lib/domain/chunks";
import type { BlobRecord, PolicyRecord, VersionRecord } from "@/lib/domain/types";
import { toBlob, toPolicy, toVersion } from "./mappers";

const VERSION_WITH_LOCATION = `SELECT v.*, b."key" AS "blobKey", p."id" AS "p_id", p."name" AS "p_name", p."kind" AS "p_kind",
  p."config" AS "p_config", p."maxFileSize" AS "p_maxFileSize", p."allowedExtensions" AS "p_allowedExtensions", p."isDefault" AS "p_isDefault"
  FROM "FileVersion" v JOIN "Blob" b ON b."id" = v."blobId" JOIN "StoragePolicy" p ON p."id" = b."policyId" WHERE v."id" = ?`;
const VERSION_WITH_LOCATION_PG = VERSION_WITH_LOCATION.replace("?", "$1");

type VersionLocationRow = FileVersion & { blobKey: string } & PolicyColumns;
type PolicyColumns = { [K in keyof StoragePolicy as `p_${K}`]: StoragePolicy[K] };

/** Rows one multi-row INSERT takes (at 7 bind parameters a row, far below SQLite's and PostgreSQL's limits). */
const INSERT_ROWS = 500;

/** A version with where its bytes are: its blob's key and storage policy (what serving it needs). */
export interface VersionLocation {
  version: VersionRecord;
  key: string;
  policy: PolicyRecord;
}

/** The columns of a version (prefixed v_), its blob's key and its policy (p_), for a query that joins them to another row. */
export const VERSION_LOCATION_COLUMNS = `v."id" AS "v_id", v."nodeId" AS "v_nodeId", v."blobId" AS "v_blobId", v."size" AS "v_size",
  v."sha256" AS "v_sha256", v."authorId" AS "v_authorId", v."mtime" AS "v_mtime", v."createdAt" AS "v_createdAt", b."key" AS "blobKey",
  p."id" AS "p_id", p."name" AS "p_name", p."kind" AS "p_kind", p."config" AS "p_config", p."maxFileSize" AS "p_maxFileSize",
  p."allowedExtensions" AS "p_allowedExtensions", p."isDefault" AS "p_isDefault"`;

/** A row's VERSION_LOCATION_COLUMNS (all null when its LEFT JOINs found no version). */
export type VersionLocationColumns = { [K in keyof FileVersion as `v_${K}`]: FileVersion[K] | null } & { blobKey: string | null } & { [K in keyof PolicyColumns]: PolicyColumns[K] | null };

export function versionLocationOf(row: VersionLocationColumns): VersionLocation | null {
  if (row.v_id === null || row.blobKey === null || row.p_id === null) return null;
  const version = { id: row.v_id, nodeId: row.v_nodeId!, blobId: row.v_blobId!, size: row.v_size!, sha256: row.v_sha256!, authorId: row.v_authorId, mtime: row.v_mtime!, createdAt: row.v_createdAt! };
  return { version: toVersion(version), key: row.blobKey, policy: policyOf(row as PolicyColumns) };
}

function policyOf(row: PolicyColumns): PolicyRecord {
  return toPolicy({ id: row.p_id, name: row.p_name, kind: row.p_kind, config: row.p_config, maxFileSize: row.p_maxFileSize, allowedExtensions: row.p_allowedExtensions, isDefault: row.p_isDefault });
}

/** Blobs (reference-counted bytes) and the file versions that point at them. */
export class BlobRepository {
  constructor(
    private readonly db: DbTx,
    private readonly reader: SqliteReader | null = null,
  ) {}

  /** A new blob with one reference: the version about to point at it. */
  async createReferenced(input: { policyId: number; key: string; size: number; sha256: string; sha1?: string | null }): Promise<BlobRecord> {
    // Raw SQL: Prisma's client costs a query compilation per create on every small PUT (issue 13); the same row as
    // blob.create (test/service/raw-inserts.test.ts).
    const sha1 = input.sha1 ?? null;
    const [row] = await this.db.$queryRaw<{ id: number | bigint }[]>`INSERT INTO "Blob" ("policyId", "key", "size", "sha256", "refCount", "createdAt", "sha1")
      VALUES (${input.policyId}, ${input.key}, ${BigInt(input.size)}, ${input.sha256}, 1, ${new Date()}, ${sha1}) RETURNING "id"`;
    return { id: Number(row!.id), policyId: input.policyId, key: input.key, size: input.size, sha256: input.sha256, sha1, refCount: 1 };
  }

  /**
   * createReferenced for many blobs in one insert per INSERT_ROWS (a bulk upload's files); results follow the order of
   * `inputs`. Raw SQL like createReferenced: Prisma's createManyAndReturn compiles every row of its data on each call
   * (issue 13: most of a bulk commit's Prisma time). The rows are blob.createMany's (test/service/raw-inserts.test.ts).
   */
  async createManyReferenced(inputs: { policyId: number; key: string; size: number; sha256: string; sha1?: string | null }[]): Promise<BlobRecord[]> {
    const now = new Date();
    const ids = new Map<string, number>();
    for (const part of chunks(inputs, INSERT_ROWS)) {
      const values = Prisma.join(part.map((i) => Prisma.sql`(${i.policyId}, ${i.key}, ${BigInt(i.size)}, ${i.sha256}, 1, ${now}, ${i.sha1 ?? null})`));
      const rows = await this.db.$queryRaw<{ id: number | bigint; key: string }[]>`INSERT INTO "Blob" ("policyId", "key", "size", "sha256", "refCount", "createdAt", "sha1")
        VALUES ${values} RETURNING "id", "key"`;
      for (const r of rows) ids.set(r.key, Number(r.id));
    }
    return inputs.map((i) => ({ id: ids.get(i.key)!, policyId: i.policyId, key: i.key, size: i.size, sha256: i.sha256, sha1: i.sha1 ?? null, refCount: 1 }));
  }

  /** How many live blobs (referenced or not yet collected) have no SHA-1 yet (kept since before SHA-1 was stored). */
  async countWithoutSha1(): Promise<number> {
    return this.db.blob.count({ where: { sha1: null } });
  }

  /** The next `limit` blobs without a SHA-1 after id `afterId`, in id order (a backfill walks them once). */
  async withoutSha1(afterId: number, limit: number): Promise<BlobRecord[]> {
    const rows = await this.db.blob.findMany({ where: { sha1: null, id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit });
    return rows.map(toBlob);
  }

  /** Records a blob's SHA-1, only while its SHA-256 is still the one the SHA-1 was computed beside; false if not. */
  async setSha1(id: number, sha256: string, sha1: string): Promise<boolean> {
    const { count } = await this.db.blob.updateMany({ where: { id, sha256, sha1: null }, data: { sha1 } });
    return count === 1;
  }

  async findById(id: number): Promise<BlobRecord | null> {
    const row = this.reader ? this.reader.get<Blob>(`SELECT * FROM "Blob" WHERE "id" = ?`, [id]) : await this.db.blob.findUnique({ where: { id } });
    return row ? toBlob(row) : null;
  }

  /** A live blob with this content in the policy, for instant upload and dedupe. */
  async findBySha(policyId: number, sha256: string, size: number): Promise<BlobRecord | null> {
    const row = await this.db.blob.findFirst({ where: { policyId, sha256, size: BigInt(size), refCount: { gt: 0 } } });
    return row ? toBlob(row) : null;
  }

  /**
   * Many versions in one insert per INSERT_ROWS (a copy's or a bulk upload's files, one version each: no two share a
   * node); results follow the order of `inputs`. Raw SQL for the reason createManyReferenced gives.
   */
  async createVersions(inputs: { nodeId: number; blobId: number; size: number; sha256: string; authorId: number | null; mtime: Date; createdAt?: Date }[]): Promise<VersionRecord[]> {
    const now = new Date();
    const ids = new Map<number, number>();
    for (const part of chunks(inputs, INSERT_ROWS)) {
      const values = Prisma.join(part.map((i) => Prisma.sql`(${i.nodeId}, ${i.blobId}, ${BigInt(i.size)}, ${i.sha256}, ${i.authorId}, ${i.mtime}, ${i.createdAt ?? now})`));
      const rows = await this.db.$queryRaw<{ id: number | bigint; nodeId: number | bigint }[]>`INSERT INTO "FileVersion" ("nodeId", "blobId", "size", "sha256", "authorId", "mtime", "createdAt")
        VALUES ${values} RETURNING "id", "nodeId"`;
      for (const r of rows) ids.set(Number(r.nodeId), Number(r.id));
    }
    return inputs.map((i) => ({ id: ids.get(i.nodeId)!, nodeId: i.nodeId, blobId: i.blobId, size: i.size, sha256: i.sha256, authorId: i.authorId, mtime: i.mtime, createdAt: i.createdAt ?? now }));
  }

  /** One more reference per listed version (a blob may appear several times): a statement per distinct count. */
  async addRefs(blobIds: number[]): Promise<void> {
    const counts = new Map<number, number>();
    for (const id of blobIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const byCount = new Map<number, number[]>();
    for (const [id, n] of counts) byCount.set(n, [...(byCount.get(n) ?? []), id]);
    for (const [n, ids] of byCount) await this.db.blob.updateMany({ where: { id: { in: ids } }, data: { refCount: { increment: n } } });
  }

  async addRef(blobId: number, delta: number): Promise<void> {
    await this.db.blob.update({ where: { id: blobId }, data: { refCount: { increment: delta } } });
  }

  /** Releases one reference per version row given (a blob may appear several times). */
  async releaseRefs(blobIds: number[]): Promise<void> {
    const counts = new Map<number, number>();
    for (const id of blobIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const [id, n] of counts) await this.addRef(id, -n);
  }

  /** Blobs nothing references whose bytes need not be kept any longer (see `keepUntil`) at `now`. */
  async unreferenced(limit: number, now: Date): Promise<BlobRecord[]> {
    const rows = await this.db.blob.findMany({
      where: { refCount: { lte: 0 }, OR: [{ keepUntil: null }, { keepUntil: { lte: now } }] },
      take: limit,
      orderBy: { id: "asc" },
    });
    return rows.map(toBlob);
  }

  /** Deletes the row only if still unreferenced; true when deleted. */
  async deleteIfUnreferenced(blobId: number): Promise<boolean> {
    const { count } = await this.db.blob.deleteMany({ where: { id: blobId, refCount: { lte: 0 } } });
    return count === 1;
  }

  /**
   * `createdAt` defaults to now (as Prisma's default did); services pass their clock's (version retention counts age
   * from it). One raw INSERT (as createReferenced, and why): the same row as fileVersion.create.
   */
  async createVersion(input: { nodeId: number; blobId: number; size: number; sha256: string; authorId: number | null; mtime: Date; createdAt?: Date }): Promise<VersionRecord> {
    const createdAt = input.createdAt ?? new Date();
    const [row] = await this.db.$queryRaw<{ id: number | bigint }[]>`INSERT INTO "FileVersion" ("nodeId", "blobId", "size", "sha256", "authorId", "mtime", "createdAt")
      VALUES (${input.nodeId}, ${input.blobId}, ${BigInt(input.size)}, ${input.sha256}, ${input.authorId}, ${input.mtime}, ${createdAt}) RETURNING "id"`;
    return { id: Number(row!.id), nodeId: input.nodeId, blobId: input.blobId, size: input.size, sha256: input.sha256, authorId: input.authorId, mtime: input.mtime, createdAt };
  }

  async findVersion(id: number): Promise<VersionRecord | null> {
    const row = this.reader
      ? this.reader.get<FileVersion>(`SELECT * FROM "FileVersion" WHERE "id" = ?`, [id])
      : await this.db.fileVersion.findUnique({ where: { id } });
    return row ? toVersion(row) : null;
  }

  /** A version with where its bytes are (its blob's key and storage policy): what serving it needs, in one query. */
  async findVersionWithLocation(id: number): Promise<VersionLocation | null> {
    // One statement on both providers (Prisma's include costs three on PostgreSQL); SQLite in a transaction keeps it.
    let row: VersionLocationRow | null | undefined;
    if (this.reader) row = this.reader.get<VersionLocationRow>(VERSION_WITH_LOCATION, [id]);
    else if (providerOfDb(this.db) === "postgresql") row = (await this.db.$queryRawUnsafe<VersionLocationRow[]>(VERSION_WITH_LOCATION_PG, id))[0] ?? null;
    else return this.findVersionWithLocationViaPrisma(id);
    if (!row) return null;
    return { version: toVersion(row), key: row.blobKey, policy: policyOf(row) };
  }

  /** findVersionWithLocation through Prisma's include (SQLite transactions; its equivalence test's reference). */
  async findVersionWithLocationViaPrisma(id: number): Promise<VersionLocation | null> {
    const row = await this.db.fileVersion.findUnique({ where: { id }, include: { blob: { include: { policy: true } } } });
    return row ? { version: toVersion(row), key: row.blob.key, policy: toPolicy(row.blob.policy) } : null;
  }

  /** findVersionWithLocation of many versions, by version id (absent: no such version). */
  async findVersionsWithLocation(ids: number[]): Promise<Map<number, VersionLocation>> {
    const out = new Map<number, VersionLocation>();
    for (const part of chunks(ids, ID_CHUNK)) {
      const rows = await this.db.fileVersion.findMany({ where: { id: { in: part } }, include: { blob: { include: { policy: true } } } });
      for (const row of rows) out.set(row.id, { version: toVersion(row), key: row.blob.key, policy: toPolicy(row.blob.policy) });
    }
    return out;
  }

  async versionsOf(nodeId: number): Promise<VersionRecord[]> {
    const rows = await this.db.fileVersion.findMany({ where: { nodeId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    return rows.map(toVersion);
  }

  /** Every version under a path prefix (for quota and blob release on purge). */
  async versionsUnder(path: string): Promise<VersionRecord[]> {
    const rows = await this.db.fileVersion.findMany({ where: { node: { path: { startsWith: path } } } });
    return rows.map(toVersion);
  }

  /** Each version's content checksums: its SHA-256, and its blob's SHA-1 when that was kept. */
  async checksumsOfVersions(ids: number[]): Promise<{ id: number; sha256: string; sha1: string | null }[]> {
    const rows = await this.db.fileVersion.findMany({ where: { id: { in: ids } }, select: { id: true, sha256: true, blob: { select: { sha1: true } } } });
    return rows.map((r) => ({ id: r.id, sha256: r.sha256, sha1: r.blob.sha1 }));
  }

  async versionsByIds(ids: number[]): Promise<VersionRecord[]> {
    return (await this.db.fileVersion.findMany({ where: { id: { in: ids } } })).map(toVersion);
  }

  /** Ids of files with more than `count` versions, after `afterNodeId` in id order (the retention job's batches). */
  async nodesWithMoreVersionsThan(count: number, afterNodeId: number, limit: number): Promise<number[]> {
    const rows = await this.db.fileVersion.groupBy({
      by: ["nodeId"],
      where: { nodeId: { gt: afterNodeId } },
      having: { nodeId: { _count: { gt: count } } },
      orderBy: { nodeId: "asc" },
      take: limit,
    });
    return rows.map((r) => r.nodeId);
  }

  /** The versions of these files, each file's newest first. */
  async versionsOfNodes(nodeIds: number[]): Promise<VersionRecord[]> {
    if (nodeIds.length === 0) return [];
    const rows = await this.db.fileVersion.findMany({ where: { nodeId: { in: nodeIds } }, orderBy: [{ nodeId: "asc" }, { createdAt: "desc" }, { id: "desc" }] });
    return rows.map(toVersion);
  }

  /** Deletes version rows (never a node's current one: callers check); their blobs' references are the caller's to release. */
  async deleteVersions(ids: number[]): Promise<void> {
    if (ids.length > 0) await this.db.fileVersion.deleteMany({ where: { id: { in: ids } } });
  }

  async totalBytesByPolicy(): Promise<{ policyId: number; bytes: number; count: number }[]> {
    const rows = await this.db.blob.groupBy({ by: ["policyId"], _sum: { size: true }, _count: { _all: true } });
    return rows.map((r) => ({ policyId: r.policyId, bytes: Number(r._sum.size ?? 0), count: r._count._all }));
  }
}

/** Ids per `IN (…)` list, well under SQLite's and PostgreSQL's bound-parameter limits. */
const ID_CHUNK = 1000;
