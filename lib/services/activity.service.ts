import "server-only";
import type { Actor, Rights } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditRow, NodeEventScope } from "@/lib/repositories/audit.repository";
import type { AccessService } from "./access.service";
import { ACTIVITY_ACTIONS, SHARE_ACTIVITY } from "./node-activity";
import { requireAccount } from "./quick-access";

export interface ActivityItem {
  id: number;
  at: Date;
  action: string;
  actorId: number | null;
  actorName: string | null;
  node: { id: number; name: string; isFolder: boolean; parentId: number | null; trashed: boolean };
  details: Record<string, unknown> | null;
}

export interface ActivityPage {
  items: ActivityItem[];
  nextCursor: number | null;
}

const PAGE = 50;
/** Events read per round while filtering a user's stream, and the most rounds one page may take. */
const SCAN = 200;
const MAX_ROUNDS = 5;

/**
 * Activity streams, read from the audit log's node events (see node-activity.ts): one per node (details panel) and
 * one per user (everything the user may see, in the spaces it belongs to and under what is shared with it). An event
 * shows only when the reader can read its node now (AccessService, trashed nodes included); a share event also needs
 * the share right, being its author, or being its recipient. Private actions (downloads, sign-ins) are never node events.
 */
export class ActivityService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
  ) {}

  /** A node's stream, newest first; `before` is the previous page's nextCursor. */
  async forNode(actor: Actor, nodeId: number, before: number | null): Promise<ActivityPage> {
    requireAccount(actor, { change: false });
    const { node, rights } = await this.access.requireNode(actor, nodeId, "read");
    const rows = await this.uow.repos.audit.nodeEvents({ nodeId: node.id }, ACTIVITY_ACTIONS, before, PAGE + 1);
    const page = rows.slice(0, PAGE);
    const visible = page.filter((r) => eventVisible(r, actor, rights));
    return { items: await this.itemsOf(visible, new Map([[node.id, node]])), nextCursor: rows.length > PAGE ? page.at(-1)!.id : null };
  }

  /** The actor's stream: events on everything it may read, newest first. */
  async forUser(actor: Actor, before: number | null): Promise<ActivityPage> {
    requireAccount(actor, { change: false });
    const scope = await this.scopeOf(actor);
    const kept: AuditRow[] = [];
    const nodes = new Map<number, NodeRecord>();
    const rights = new Map<number, Rights>();
    let cursor = before;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const rows = await this.uow.repos.audit.nodeEvents(scope, ACTIVITY_ACTIONS, cursor, SCAN);
      const unseen = [...new Set(rows.map((r) => r.nodeId!).filter((id) => !rights.has(id)))];
      const found = unseen.length > 0 ? await this.uow.repos.nodes.findManyByIds(unseen) : [];
      const checked = await this.access.rightsOnMany(actor, found, this.uow.repos);
      found.forEach((n, i) => {
        nodes.set(n.id, n);
        rights.set(n.id, checked[i]!);
      });
      for (const r of rows) {
        const right = rights.get(r.nodeId!);
        if (right && eventVisible(r, actor, right)) kept.push(r);
        cursor = r.id;
        if (kept.length === PAGE) return { items: await this.itemsOf(kept, nodes), nextCursor: cursor };
      }
      if (rows.length < SCAN) return { items: await this.itemsOf(kept, nodes), nextCursor: null };
    }
    // Many events in a row the reader may not see: hand back what was found and let it ask on from there.
    return { items: await this.itemsOf(kept, nodes), nextCursor: cursor };
  }

  /** Where the actor's stream can come from: the spaces of what it reads (trashed items included). */
  private async scopeOf(actor: Actor): Promise<NodeEventScope> {
    const areas = await this.access.readableAreas(actor, { withTrashed: true });
    return { spaceIds: [...new Set(areas.map((a) => a.spaceId))] };
  }

  private async itemsOf(rows: AuditRow[], nodes: Map<number, NodeRecord>): Promise<ActivityItem[]> {
    const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is number => id !== null))];
    const names = new Map((await this.uow.repos.users.findByIds(actorIds)).map((u) => [u.id, u.displayName || u.username]));
    return rows.flatMap((r) => {
      const node = nodes.get(r.nodeId!);
      if (!node) return [];
      return [
        {
          id: r.id,
          at: r.at,
          action: r.action,
          actorId: r.actorId,
          actorName: r.actorId === null ? null : (names.get(r.actorId) ?? `#${r.actorId}`),
          node: { id: node.id, name: node.name, isFolder: node.isFolder, parentId: node.parentId, trashed: node.trashedAt !== null },
          details: publicDetails(r),
        },
      ];
    });
  }
}

/** Whether the reader, holding `rights` on the event's node, may see the event. */
function eventVisible(row: AuditRow, actor: Actor, rights: Rights): boolean {
  if (!rights.read) return false;
  if (!(SHARE_ACTIVITY as readonly string[]).includes(row.action)) return true;
  if (row.actorId === actor.userId || rights.share) return true;
  const details = parse(row.details);
  return details?.recipientType === "user" && details.recipientId === actor.userId;
}

/** The details a reader may see: names and ids of the change, never who received a share or a link's settings. */
function publicDetails(row: AuditRow): Record<string, unknown> | null {
  const details = parse(row.details);
  if (!details) return null;
  const { from, to, name, source, versionId } = details;
  const kept = Object.fromEntries(Object.entries({ from, to, name, source, versionId }).filter(([, v]) => v !== undefined));
  if (row.action === "share.link.created") return { kind: "link" };
  if (row.action === "share.grant.created") return { kind: details.recipientType === "team" ? "team" : "user" };
  return Object.keys(kept).length > 0 ? kept : null;
}

function parse(details: string | null): Record<string, unknown> | null {
  if (!details) return null;
  try {
    return JSON.parse(details) as Record<string, unknown>;
  } catch {
    return null;
  }
}
