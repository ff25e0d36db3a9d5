import "server-only";
import type { Actor } from "@/lib/domain/permissions";
import type { Repositories } from "@/lib/repositories";

/** Whether auditPartnerAction records what this actor does (a partner account, not through a link). */
export function partnerActionsAudited(actor: Actor): boolean {
  return actor.role === "partner" && !actor.link;
}

/**
 * Partner accounts are audited action by action (their sponsor reads the log, PartnerService.auditLog): file
 * services call this where a partner uploads, downloads, creates, renames, moves or deletes. Other accounts are not logged per file.
 * Runs on the caller's repositories, so inside its transaction the record commits with the change.
 */
export async function auditPartnerAction(repos: Repositories, actor: Actor, action: string, nodeIds: number[], at?: Date): Promise<void> {
  if (!partnerActionsAudited(actor)) return;
  await repos.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action, targetType: "node", targetId: nodeIds.join(",") }, at ?? new Date());
}
