import type { JobRow } from "@/lib/repositories/job.repository";
import type { AuditEntry } from "@/lib/services/audit.service";

export function jobView(j: JobRow) {
  return {
    id: j.id,
    type: j.type,
    status: j.status,
    progress: j.progress,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: j.runAt.toISOString(),
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
    lastError: j.lastError,
  };
}

export function auditView(e: AuditEntry) {
  return { id: e.id, at: e.at.toISOString(), actor: e.actorName, ip: e.ip, action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details };
}
