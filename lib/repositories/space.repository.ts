import "server-only";
import { providerOfDb, type DbTx } from "@/lib/db/client";
import { Prisma, type Node, type Space, type StoragePolicy } from "@/lib/db/generated/sqlite/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";
import type { NodeRecord, PolicyRecord, SpaceMemberRecord, SpaceRecord } from "@/lib/domain/types";
import { toNode, toPolicy, toSpace } from "./mappers";

/** A personal place as read: the space, its root folder and the owner's role there. */
export interface PersonalPlaceRow {
  space: SpaceRecord;
  root: NodeRecord;
  role: string | null;
}

const NODE_COLUMNS = ["id", "spaceId", "parentId", "name", "isFolder", "size", "mimeType", "path", "etag", "mtime", "createdAt", "updatedAt", "creatorId", "currentVersionId", "trashedAt", "trashRootId", "originalParentId", "trashedById"] as const;
const SPACE_COLUMNS = ["id", "kind", "name", "description", "ownerId", "quota", "usedBytes", "reservedBytes", "policyId", "rootNodeId", "createdAt", "deletedAt"] as const;

/**
 * The select list of a personal place, for a statement that joins the space as `s`, its root node as `n` and the
 * owner's membership as `m`: node columns prefixed "r_", space columns "s_", the role "m_role" (personalPlaceOf reads
 * them back). CredentialRepository reads them with the credential re-check, in the same statement.
 */
export const PERSONAL_PLACE_COLUMNS = [...NODE_COLUMNS.map((c) => `n."${c}" AS "r_${c}"`), ...SPACE_COLUMNS.map((c) => `s."${c}" AS "s_${c}"`), `m."role" AS "m_role"`].join(", ");

export type PersonalPlaceColumns = { [K in (typeof NODE_COLUMNS)[number] as `r_${K}`]: Node[K] | null } & { [K in (typeof SPACE_COLUMNS)[number] as `s_${K}`]: Space[K] | null } & { m_role: string | null };

/** The personal place in a row of PERSONAL_PLACE_COLUMNS; null when the row has no space or no root (LEFT JOINs). */
export function personalPlaceOf(row: PersonalPlaceColumns): PersonalPlaceRow | null {
  if (row.s_id === null || row.r_id === null) return null;
  // The space and its root were found: their columns hold what the tables hold (nullable ones may still be null).
  const r = row as { [K in keyof PersonalPlaceColumns]: NonNullable<PersonalPlaceColumns[K]> };
  const root = toNode({ id: r.r_id, spaceId: r.r_spaceId, parentId: r.r_parentId, name: r.r_name, isFolder: r.r_isFolder, size: r.r_size, mimeType: r.r_mimeType, path: r.r_path, etag: r.r_etag, mtime: r.r_mtime, createdAt: r.r_createdAt, updatedAt: r.r_updatedAt, creatorId: r.r_creatorId, currentVersionId: r.r_currentVersionId, trashedAt: r.r_trashedAt, trashRootId: r.r_trashRootId, originalParentId: r.r_originalParentId, trashedById: r.r_trashedById });
  // createdAt rides along as in Prisma's row (toSpace keeps what it is given).
  const space = { id: r.s_id, kind: r.s_kind, name: r.s_name, description: r.s_description, ownerId: r.s_ownerId, quota: r.s_quota, usedBytes: r.s_usedBytes, reservedBytes: r.s_reservedBytes, policyId: r.s_policyId, rootNodeId: r.s_rootNodeId, createdAt: r.s_createdAt, deletedAt: r.s_deletedAt };
  return { space: toSpace(space), root, role: r.m_role };
}

/** A user's personal space, its root folder and the user's role there, in one statement (what every WebDAV request starts from). */
const PERSONAL_WITH_ROOT = `SELECT ${PERSONAL_PLACE_COLUMNS}
FROM "Space" s JOIN "Node" n ON n."id" = s."rootNodeId" LEFT JOIN "SpaceMember" m ON m."spaceId" = s."id" AND m."userId" = s."ownerId"
WHERE s."ownerId" = ? AND s."kind" = 'personal' ORDER BY s."id" LIMIT 1`;
const PERSONAL_WITH_ROOT_PG = PERSONAL_WITH_ROOT.replace("?", "$1");

/** Spaces, members and storage policies; quota arithmetic is done atomically in SQL. */
export class SpaceRepository {
  constructor(
    private readonly db: DbTx,
    private readonly reader: SqliteReader | null = null,
  ) {}

  async findById(id: number): Promise<SpaceRecord | null> {
    const row = this.reader ? this.reader.get<Space>(`SELECT * FROM "Space" WHERE "id" = ?`, [id]) : await this.db.space.findUnique({ where: { id } });
    return row ? toSpace(row) : null;
  }

  async findPersonal(userId: number): Promise<SpaceRecord | null> {
    const row = this.reader
      ? this.reader.get<Space>(`SELECT * FROM "Space" WHERE "ownerId" = ? AND "kind" = 'personal' ORDER BY "id" LIMIT 1`, [userId])
      : await this.db.space.findFirst({ where: { ownerId: userId, kind: "personal" } });
    return row ? toSpace(row) : null;
  }

  /** The personal space with its root folder and the owner's role in it (null without a space or root). */
  async findPersonalWithRoot(userId: number): Promise<PersonalPlaceRow | null> {
    let row: PersonalPlaceColumns | null | undefined;
    if (this.reader) row = this.reader.getRemembered<PersonalPlaceColumns>(PERSONAL_WITH_ROOT, [userId]);
    else if (providerOfDb(this.db) === "postgresql") row = (await this.db.$queryRawUnsafe<PersonalPlaceColumns[]>(PERSONAL_WITH_ROOT_PG, userId))[0] ?? null;
    else return this.findPersonalWithRootViaPrisma(userId);
    return row ? personalPlaceOf(row) : null;
  }

  /** findPersonalWithRoot through Prisma's reads (SQLite transactions; its equivalence test's reference). */
  async findPersonalWithRootViaPrisma(userId: number): Promise<PersonalPlaceRow | null> {
    const space = await this.db.space.findFirst({ where: { ownerId: userId, kind: "personal" }, orderBy: { id: "asc" } });
    const root = space?.rootNodeId ? await this.db.node.findUnique({ where: { id: space.rootNodeId } }) : null;
    if (!space || !root) return null;
    const member = await this.db.spaceMember.findUnique({ where: { spaceId_userId: { spaceId: space.id, userId } } });
    return { space: toSpace(space), root: toNode(root), role: member?.role ?? null };
  }

  async findPersonalForUsers(userIds: number[]): Promise<SpaceRecord[]> {
    const rows = await this.db.space.findMany({ where: { ownerId: { in: userIds }, kind: "personal" } });
    return rows.map(toSpace);
  }

  async create(input: { kind: SpaceRecord["kind"]; name: string; ownerId: number | null; quota: number | null; policyId: number }): Promise<SpaceRecord> {
    const row = await this.db.space.create({
      data: { ...input, quota: input.quota === null ? null : BigInt(input.quota) },
    });
    return toSpace(row);
  }

  async setRoot(spaceId: number, rootNodeId: number): Promise<void> {
    await this.db.space.update({ where: { id: spaceId }, data: { rootNodeId } });
  }

  async setQuota(spaceId: number, quota: number | null): Promise<void> {
    await this.db.space.update({ where: { id: spaceId }, data: { quota: quota === null ? null : BigInt(quota) } });
  }

  async addMember(spaceId: number, userId: number, role: string): Promise<void> {
    await this.db.spaceMember.create({ data: { spaceId, userId, role } });
  }

  async memberRole(spaceId: number, userId: number): Promise<string | null> {
    const row = this.reader
      ? this.reader.getRemembered<{ role: string }>(`SELECT "role" FROM "SpaceMember" WHERE "spaceId" = ? AND "userId" = ?`, [spaceId, userId])
      : await this.db.spaceMember.findUnique({ where: { spaceId_userId: { spaceId, userId } } });
    return row?.role ?? null;
  }

  /** Live (not deleted) team spaces, by name. */
  async teams(): Promise<SpaceRecord[]> {
    return (await this.db.space.findMany({ where: { kind: "team", deletedAt: null }, orderBy: [{ name: "asc" }, { id: "asc" }] })).map(toSpace);
  }

  /** The live spaces (of any kind) a user is a member of, with its role there. */
  async membershipsOf(userId: number): Promise<{ spaceId: number; role: string }[]> {
    return this.db.spaceMember.findMany({ where: { userId, space: { deletedAt: null } }, select: { spaceId: true, role: true } });
  }

  /** Live team spaces the user is a member of, with its role. */
  async teamsOf(userId: number): Promise<{ space: SpaceRecord; role: string }[]> {
    const rows = await this.db.spaceMember.findMany({
      where: { userId, space: { kind: "team", deletedAt: null } },
      include: { space: true },
      orderBy: [{ space: { name: "asc" } }, { spaceId: "asc" }],
    });
    return rows.map((r) => ({ space: toSpace(r.space), role: r.role }));
  }

  async findTeamByName(name: string): Promise<SpaceRecord | null> {
    const row = await this.db.space.findFirst({ where: { kind: "team", deletedAt: null, name } });
    return row ? toSpace(row) : null;
  }

  async updateTeam(spaceId: number, data: { name?: string; description?: string; quota?: number | null; policyId?: number }): Promise<SpaceRecord> {
    const { quota, ...rest } = data;
    const row = await this.db.space.update({
      where: { id: spaceId },
      data: { ...rest, ...(quota === undefined ? {} : { quota: quota === null ? null : BigInt(quota) }) },
    });
    return toSpace(row);
  }

  async members(spaceId: number): Promise<SpaceMemberRecord[]> {
    const rows = await this.db.spaceMember.findMany({ where: { spaceId }, include: { user: { select: { username: true, displayName: true } } }, orderBy: { createdAt: "asc" } });
    return rows.map((r) => ({ spaceId: r.spaceId, userId: r.userId, role: r.role, username: r.user.username, displayName: r.user.displayName, createdAt: r.createdAt }));
  }

  async countMembers(spaceId: number, role: string): Promise<number> {
    return this.db.spaceMember.count({ where: { spaceId, role } });
  }

  async setMemberRole(spaceId: number, userId: number, role: string): Promise<void> {
    await this.db.spaceMember.update({ where: { spaceId_userId: { spaceId, userId } }, data: { role } });
  }

  async removeMember(spaceId: number, userId: number): Promise<void> {
    await this.db.spaceMember.deleteMany({ where: { spaceId, userId } });
  }

  /** Marks a space deleted and drops its members (access ends with the next request). */
  async markDeleted(spaceId: number, at: Date): Promise<void> {
    await this.db.spaceMember.deleteMany({ where: { spaceId } });
    await this.db.space.update({ where: { id: spaceId }, data: { deletedAt: at } });
  }

  /** Removes a purged space's row (its nodes are gone) and what still points at it. */
  async deleteSpace(spaceId: number): Promise<void> {
    await this.db.davLock.deleteMany({ where: { spaceId } });
    await this.db.upload.deleteMany({ where: { spaceId } });
    await this.db.space.deleteMany({ where: { id: spaceId } });
  }

  /** The ids of the given teams the user belongs to (team share grants). */
  async teamIdsOf(userId: number): Promise<number[]> {
    const rows = await this.db.spaceMember.findMany({ where: { userId, space: { kind: "team", deletedAt: null } }, select: { spaceId: true } });
    return rows.map((r) => r.spaceId);
  }

  /** Takes the space's write lock for the rest of the transaction, serialising tree changes within a space. */
  async lock(spaceId: number): Promise<void> {
    await this.db.$executeRaw`UPDATE "Space" SET "rootNodeId" = "rootNodeId" WHERE "id" = ${spaceId}`;
  }

  /** Reserves bytes for an upload if used + reserved + bytes stays within quota. */
  async tryReserve(spaceId: number, bytes: number): Promise<boolean> {
    const n = BigInt(bytes);
    const changed = await this.db.$executeRaw`UPDATE "Space" SET "reservedBytes" = "reservedBytes" + ${n}
      WHERE "id" = ${spaceId} AND ("quota" IS NULL OR "usedBytes" + "reservedBytes" + ${n} <= "quota")`;
    return changed === 1;
  }

  async release(spaceId: number, bytes: number): Promise<void> {
    const n = BigInt(bytes);
    await this.db.$executeRaw`UPDATE "Space" SET "reservedBytes" = CASE WHEN "reservedBytes" > ${n} THEN "reservedBytes" - ${n} ELSE 0 END WHERE "id" = ${spaceId}`;
  }

  /**
   * Adds `bytes` to usage and frees `releasing` of the reservations, in one statement, if usage plus the remaining
   * reservations stays within quota; false (and nothing changed) otherwise.
   */
  async tryCharge(spaceId: number, bytes: number, releasing: number): Promise<boolean> {
    const n = BigInt(bytes);
    const r = BigInt(releasing);
    const reserved = Prisma.sql`CASE WHEN "reservedBytes" > ${r} THEN "reservedBytes" - ${r} ELSE 0 END`;
    const changed = await this.db.$executeRaw`UPDATE "Space" SET "usedBytes" = "usedBytes" + ${n}, "reservedBytes" = ${reserved}
      WHERE "id" = ${spaceId} AND ("quota" IS NULL OR "usedBytes" + ${n} + ${reserved} <= "quota")`;
    return changed === 1;
  }

  /** Unconditional usage change (freeing bytes, or turning a reservation into usage). */
  async addUsed(spaceId: number, bytes: number): Promise<void> {
    await this.db.space.update({ where: { id: spaceId }, data: { usedBytes: { increment: BigInt(bytes) } } });
  }

  async defaultPolicy(): Promise<PolicyRecord | null> {
    const row = await this.db.storagePolicy.findFirst({ where: { isDefault: true } });
    return row ? toPolicy(row) : null;
  }

  async policyById(id: number): Promise<PolicyRecord | null> {
    const row = this.reader
      ? this.reader.get<StoragePolicy>(`SELECT * FROM "StoragePolicy" WHERE "id" = ?`, [id])
      : await this.db.storagePolicy.findUnique({ where: { id } });
    return row ? toPolicy(row) : null;
  }

  async allPolicies(): Promise<PolicyRecord[]> {
    return (await this.db.storagePolicy.findMany({ orderBy: { id: "asc" } })).map(toPolicy);
  }

  async createPolicy(input: { name: string; kind: string; config: Record<string, unknown>; isDefault: boolean }): Promise<PolicyRecord> {
    const row = await this.db.storagePolicy.create({ data: { ...input, config: JSON.stringify(input.config) } });
    return toPolicy(row);
  }

  async updatePolicyLimits(id: number, limits: { maxFileSize: number | null; allowedExtensions: string | null }): Promise<void> {
    await this.db.storagePolicy.update({
      where: { id },
      data: { maxFileSize: limits.maxFileSize === null ? null : BigInt(limits.maxFileSize), allowedExtensions: limits.allowedExtensions },
    });
  }
}
