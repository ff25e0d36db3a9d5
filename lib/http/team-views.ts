import type { SpaceMemberRecord } from "@/lib/domain/types";
import type { TeamView } from "@/lib/services/team.service";

/** JSON shapes of teams (docs/api.md). */
export function teamView(t: TeamView) {
  return { id: t.id, name: t.name, description: t.description, quota: t.quota, usedBytes: t.usedBytes, policyId: t.policyId, rootId: t.rootId, role: t.role, manage: t.manage };
}

export function teamMemberView(m: SpaceMemberRecord) {
  return { userId: m.userId, username: m.username, displayName: m.displayName, role: m.role, since: m.createdAt.toISOString() };
}
