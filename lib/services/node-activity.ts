import "server-only";
import type { Actor } from "@/lib/domain/permissions";
import type { Repositories } from "@/lib/repositories";

/**
 * The audit actions that make up a node's activity stream (ActivityService reads them). Each is recorded at the one
 * place its change happens, on the caller's repositories, so inside a transaction it commits with the change.
 */
export const NODE_ACTIVITY = {
  created: "node.created",
  edited: "node.edited",
  renamed: "node.renamed",
  moved: "node.moved",
  copied: "node.copied",
  deleted: "node.deleted",
  restored: "node.restored",
  versionRestored: "node.version-restored",
} as const;

/** Share events carry their node too (ShareGrantService, ShareLinkService); readers need more than read to see them. */
export const SHARE_ACTIVITY = ["share.grant.created", "share.link.created"] as const;

export const ACTIVITY_ACTIONS: readonly string[] = [...Object.values(NODE_ACTIVITY), ...SHARE_ACTIVITY];

export type NodeActivity = (typeof NODE_ACTIVITY)[keyof typeof NODE_ACTIVITY];

/**
 * Records one activity event per node. A public-link visitor has no account: it is recorded without an actor (the
 * link's creator did not do it).
 */
export async function recordNodeActivity(
  repos: Repositories,
  actor: Actor,
  action: NodeActivity,
  nodes: { id: number; spaceId: number }[],
  at: Date,
  details?: Record<string, unknown>,
): Promise<void> {
  const actorId = actor.link ? null : actor.userId;
  const extra = actor.link ? { ...details, viaLink: actor.link.id } : details;
  const events = nodes.map((node) => ({ actorId, ip: actor.ip ?? null, action, targetType: "node", targetId: String(node.id), nodeId: node.id, spaceId: node.spaceId, details: extra }));
  if (events.length === 1) await repos.audit.record(events[0]!, at);
  else if (events.length > 1) await repos.audit.recordMany(events, at);
}
