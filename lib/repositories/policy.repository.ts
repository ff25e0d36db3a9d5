import "server-only";
import type { DbTx } from "@/lib/db/client";
import type { PolicyRecord } from "@/lib/domain/types";
import { toPolicy } from "./mappers";

export interface PolicyRow {
  name: string;
  kind: PolicyRecord["kind"];
  config: Record<string, unknown>;
  maxFileSize: number | null;
  allowedExtensions: string[] | null;
}

export interface PolicyUse {
  bytes: number;
  blobs: number;
  spaces: number;
}

const data = (row: Partial<PolicyRow>) => ({
  ...(row.name !== undefined && { name: row.name }),
  ...(row.kind !== undefined && { kind: row.kind }),
  ...(row.config !== undefined && { config: JSON.stringify(row.config) }),
  ...(row.maxFileSize !== undefined && { maxFileSize: row.maxFileSize === null ? null : BigInt(row.maxFileSize) }),
  ...(row.allowedExtensions !== undefined && { allowedExtensions: row.allowedExtensions?.join(",") || null }),
});

/** Storage policies as the admin manages them: rows, the default flag, usage aggregates and assignment to spaces. */
export class PolicyRepository {
  constructor(private readonly db: DbTx) {}

  async findByName(name: string): Promise<PolicyRecord | null> {
    const row = await this.db.storagePolicy.findUnique({ where: { name } });
    return row ? toPolicy(row) : null;
  }

  async create(row: PolicyRow): Promise<PolicyRecord> {
    return toPolicy(await this.db.storagePolicy.create({ data: { ...data(row), name: row.name, kind: row.kind, isDefault: false } }));
  }

  async update(id: number, row: Partial<PolicyRow>): Promise<PolicyRecord> {
    return toPolicy(await this.db.storagePolicy.update({ where: { id }, data: data(row) }));
  }

  async remove(id: number): Promise<void> {
    await this.db.storagePolicy.delete({ where: { id } });
  }

  /** Makes `id` the only default policy (call inside a transaction). */
  async setDefault(id: number): Promise<void> {
    await this.db.storagePolicy.updateMany({ where: { isDefault: true, id: { not: id } }, data: { isDefault: false } });
    await this.db.storagePolicy.update({ where: { id }, data: { isDefault: true } });
  }

  /**
   * Bytes and blob count per policy (one GROUP BY over the blob index, trash and unreferenced blobs included: they
   * are still stored), and how many spaces use it (one GROUP BY over spaces).
   */
  async usage(): Promise<Map<number, PolicyUse>> {
    const [blobs, spaces] = await Promise.all([
      this.db.blob.groupBy({ by: ["policyId"], _sum: { size: true }, _count: { _all: true } }),
      this.db.space.groupBy({ by: ["policyId"], _count: { _all: true } }),
    ]);
    const use = new Map<number, PolicyUse>();
    const of = (id: number) => use.get(id) ?? use.set(id, { bytes: 0, blobs: 0, spaces: 0 }).get(id)!;
    for (const b of blobs) Object.assign(of(b.policyId), { bytes: Number(b._sum.size ?? 0), blobs: b._count._all });
    for (const s of spaces) of(s.policyId).spaces = s._count._all;
    return use;
  }

  /** Whether anything refers to the policy: a space, a blob or an upload in progress. */
  async inUse(id: number): Promise<boolean> {
    const [space, blob, upload] = await Promise.all([
      this.db.space.findFirst({ where: { policyId: id }, select: { id: true } }),
      this.db.blob.findFirst({ where: { policyId: id }, select: { id: true } }),
      this.db.upload.findFirst({ where: { policyId: id }, select: { id: true } }),
    ]);
    return Boolean(space || blob || upload);
  }

  async hasBlobs(id: number): Promise<boolean> {
    return (await this.db.blob.findFirst({ where: { policyId: id }, select: { id: true } })) !== null;
  }

  /** New writes of the space go to the policy (existing blobs stay where they are until migrated). */
  async assignToSpace(spaceId: number, policyId: number): Promise<void> {
    await this.db.space.update({ where: { id: spaceId }, data: { policyId } });
  }
}
