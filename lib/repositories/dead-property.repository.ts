import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface DeadPropertyRecord {
  nodeId: number;
  namespace: string;
  name: string;
  value: string;
}

/** WebDAV dead properties per node. */
export class DeadPropertyRepository {
  constructor(private readonly db: DbTx) {}

  async listFor(nodeIds: number[]): Promise<DeadPropertyRecord[]> {
    if (nodeIds.length === 0) return [];
    return this.db.deadProperty.findMany({ where: { nodeId: { in: nodeIds } }, orderBy: [{ nodeId: "asc" }, { namespace: "asc" }, { name: "asc" }] });
  }

  async upsert(row: DeadPropertyRecord): Promise<void> {
    const key = { nodeId_namespace_name: { nodeId: row.nodeId, namespace: row.namespace, name: row.name } };
    await this.db.deadProperty.upsert({ where: key, create: row, update: { value: row.value } });
  }

  async remove(nodeId: number, namespace: string, name: string): Promise<void> {
    await this.db.deadProperty.deleteMany({ where: { nodeId, namespace, name } });
  }

  /** copyAll for many nodes (source id → copy id; the copies have none yet): a read, and an insert when any. */
  async copyMany(copyOf: Map<number, number>): Promise<void> {
    if (copyOf.size === 0) return;
    const rows = await this.db.deadProperty.findMany({ where: { nodeId: { in: [...copyOf.keys()] } } });
    if (rows.length > 0) await this.db.deadProperty.createMany({ data: rows.map((r) => ({ ...r, nodeId: copyOf.get(r.nodeId)! })) });
  }

  /** Copies every property of `fromNodeId` onto `toNodeId` (which has none yet). */
  async copyAll(fromNodeId: number, toNodeId: number): Promise<void> {
    const rows = await this.db.deadProperty.findMany({ where: { nodeId: fromNodeId } });
    for (const r of rows) await this.upsert({ ...r, nodeId: toNodeId });
  }
}
