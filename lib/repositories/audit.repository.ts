import "server-only";
import type { DbTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";

export interface AuditInput {
  actorId: number | null;
  ip: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  /** the node an event is about (node activity streams read it) and that node's space */
  nodeId?: number;
  spaceId?: number;
}

export interface AuditFilter {
  actorId?: number;
  /** an action ("user.create") or a prefix ending in "." ("user.") */
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorId: number | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: string | null;
  nodeId: number | null;
  spaceId: number | null;
}

/** Which node events to read: on one node, in some spaces, or by one actor. */
export type NodeEventScope = { nodeId: number } | { spaceIds: number[] } | { actorId: number };

function whereOf(f: AuditFilter) {
  return {
    ...(f.actorId !== undefined ? { actorId: f.actorId } : {}),
    ...(f.action ? { action: f.action.endsWith(".") ? { startsWith: f.action } : f.action } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

/** Rows per multi-row insert: well under the bound-parameter limits of both drivers. */
const INSERT_BATCH = 500;

function rowOf(e: AuditInput, at: Date) {
  return { at, actorId: e.actorId, ip: e.ip, action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details ? JSON.stringify(e.details) : null, nodeId: e.nodeId, spaceId: e.spaceId };
}

export class AuditRepository {
  constructor(private readonly db: DbTx) {}

  /** One raw INSERT (every new file records one; Prisma's client costs a query compilation): the same row as auditEvent.create. */
  async record(e: AuditInput, at: Date): Promise<void> {
    const r = rowOf(e, at);
    await this.db.$executeRaw`INSERT INTO "AuditEvent" ("at", "actorId", "ip", "action", "targetType", "targetId", "details", "nodeId", "spaceId")
      VALUES (${r.at}, ${r.actorId}, ${r.ip}, ${r.action}, ${r.targetType ?? null}, ${r.targetId ?? null}, ${r.details}, ${r.nodeId ?? null}, ${r.spaceId ?? null})`;
  }

  /**
   * Many events in a few statements (a batch of trashed items, a bulk upload's files: one event each). Raw SQL as
   * record(): Prisma's createMany compiles every row on each call; the rows are auditEvent.createMany's.
   */
  async recordMany(events: AuditInput[], at: Date): Promise<void> {
    for (let i = 0; i < events.length; i += INSERT_BATCH) {
      const values = Prisma.join(
        events.slice(i, i + INSERT_BATCH).map((e) => {
          const r = rowOf(e, at);
          return Prisma.sql`(${r.at}, ${r.actorId}, ${r.ip}, ${r.action}, ${r.targetType ?? null}, ${r.targetId ?? null}, ${r.details}, ${r.nodeId ?? null}, ${r.spaceId ?? null})`;
        }),
      );
      await this.db.$executeRaw`INSERT INTO "AuditEvent" ("at", "actorId", "ip", "action", "targetType", "targetId", "details", "nodeId", "spaceId") VALUES ${values}`;
    }
  }

  /** Newest first, keyset-paged by id: `beforeId` is the last id of the previous page. */
  async query(filter: AuditFilter, beforeId: number | null, limit: number): Promise<AuditRow[]> {
    return this.db.auditEvent.findMany({ where: { ...whereOf(filter), ...(beforeId !== null ? { id: { lt: beforeId } } : {}) }, orderBy: { id: "desc" }, take: limit });
  }

  /** Deletes events older than `before`; returns how many went. */
  async deleteBefore(before: Date): Promise<number> {
    return (await this.db.auditEvent.deleteMany({ where: { at: { lt: before } } })).count;
  }

  async recent(filter: { action?: string; actorId?: number }, limit: number) {
    return this.db.auditEvent.findMany({ where: filter, orderBy: { id: "desc" }, take: limit });
  }

  /** Node events of the given actions in a scope, newest first, keyset-paged by id (indexes: nodeId/spaceId/actorId). */
  async nodeEvents(scope: NodeEventScope, actions: readonly string[], beforeId: number | null, limit: number): Promise<AuditRow[]> {
    const where = "nodeId" in scope ? { nodeId: scope.nodeId } : "spaceIds" in scope ? { spaceId: { in: scope.spaceIds } } : { actorId: scope.actorId, nodeId: { not: null } };
    return this.db.auditEvent.findMany({
      where: { ...where, action: { in: [...actions] }, ...(beforeId !== null ? { id: { lt: beforeId } } : {}) },
      orderBy: { id: "desc" },
      take: limit,
    });
  }
}
