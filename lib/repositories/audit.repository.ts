import "server-only";
import type { DbTx } from "@/lib/db/client";

export interface AuditInput {
  actorId: number | null;
  ip: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export class AuditRepository {
  constructor(private readonly db: DbTx) {}

  async record(e: AuditInput, at: Date): Promise<void> {
    await this.db.auditEvent.create({
      data: { at, actorId: e.actorId, ip: e.ip, action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details ? JSON.stringify(e.details) : null },
    });
  }

  async recent(filter: { action?: string; actorId?: number }, limit: number) {
    return this.db.auditEvent.findMany({ where: filter, orderBy: { id: "desc" }, take: limit });
  }
}
