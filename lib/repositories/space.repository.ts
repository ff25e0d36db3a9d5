import "server-only";
import { providerOfDb, type DbTx } from "@/lib/db/client";
import { Prisma, type Node, type Space, type StoragePolicy } from "@/lib/db/generated/sqlite/client";
import type { SqliteReader } from "@/lib/db/sqlite-reader";
import type { NodeRecord, PolicyRecord, SpaceMemberRecord, SpaceRecord } from "@/lib/domain/types";
import { toNode, toPolicy, toSpace } from "./mappers";

/**
 * A user's personal space, its root folder and the user's role there, in one statement (the first reads of every
 * WebDAV request). Node columns keep their names; the space's are prefixed.
 */
const PERSONAL_WITH_ROOT = `SELECT n.*, s."id" AS "s_id", s."kind" AS "s_kind", s."name" AS "s_name", s."description" AS "s_description", s."ownerId" AS "s_ownerId", s."quota" AS "s_quota", s."usedBytes" AS "s_usedBytes", s."reservedBytes" AS "s_reservedBytes", s."policyId" AS "s_policyId", s."rootNodeId" AS "s_rootNodeId", s."createdAt" AS "s_createdAt", s."deletedAt" AS "s_deletedAt", m."role" AS "m_role"
FROM "Space" s JOIN "Node" n ON n."id" = s."rootNodeId" LEFT JOIN "SpaceMember" m ON m."spaceId" = s."id" AND m."userId" = s."ownerId"
WHERE s."ownerId" = ? AND s."kind" = 'personal' ORDER BY s."id" LIMIT 1`;
const PERSONAL_WITH_ROOT_PG = PERSONAL_WITH_ROOT.replace("?", "$1");

type PersonalRow = Node & { [K in keyof Space as `s_${K}`]: Space[K] } & { m_role: string | null };

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
  async findPersonalWithRoot(userId: number): Promise<{ space: SpaceRecord; root: NodeRecord; role: string | null } | null> {
    let row: PersonalRow | null | undefined;
    if (this.reader) row = this.reader.get<PersonalRow>(PERSONAL_WITH_ROOT, [userId]);
    else if (providerOfDb(this.db) === "postgresql") row = (await this.db.$queryRawUnsafe<PersonalRow[]>(PERSONAL_WITH_ROOT_PG, userId))[0] ?? null;
    else return this.findPersonalWithRootViaPrisma(userId);
    if (!row) return null;
    const space = { id: row.s_id, kind: row.s_kind, name: row.s_name, description: row.s_description, ownerId: row.s_ownerId, quota: row.s_quota, usedBytes: row.s_usedBytes, reservedBytes: row.s_reservedBytes, policyId: row.s_policyId, rootNodeId: row.s_rootNodeId, createdAt: row.s_createdAt, deletedAt: row.s_deletedAt };
    return { space: toSpace(space), root: toNode(row), role: row.m_role };
  }

  /** findPersonalWithRoot through Prisma's reads (SQLite transactions; its equivalence test's reference). */
  async findPersonalWithRootViaPrisma(userId: number): Promise<{ space: SpaceRecord; root: NodeRecord; role: string | null } | null> {
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
      ? this.reader.get<{ role: string }>(`SELECT "role" FROM "SpaceMember" WHERE "spaceId" = ? AND "userId" = ?`, [spaceId, userId])
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
