import "server-only";
import type { Actor } from "@/lib/domain/permissions";
import type { UnitOfWork } from "@/lib/repositories";
import type { Clock } from "./clock";
import type { FileService, NodeEntry } from "./file.service";
import { NODE_ACTIVITY } from "./node-activity";
import { requireAccount } from "./quick-access";

const CANDIDATES = 200;
const MAX_RECENT = 100;
const CHANGES = [NODE_ACTIVITY.created, NODE_ACTIVITY.edited, NODE_ACTIVITY.versionRestored];

export type RecentEntry = NodeEntry & { at: Date; reason: "opened" | "changed" };

/** Files the user opened (RecentOpen, one upsert per open) or changed (its activity events) lately. */
export class RecentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly files: FileService,
    private readonly clock: Clock,
  ) {}

  /** Newest first; files the actor can no longer read, or that are trashed, are left out. */
  async list(actor: Actor): Promise<RecentEntry[]> {
    requireAccount(actor, { change: false });
    const [opened, changed] = await Promise.all([
      this.uow.repos.recentOpens.latest(actor.userId, CANDIDATES),
      this.uow.repos.audit.nodeEvents({ actorId: actor.userId }, CHANGES, null, CANDIDATES),
    ]);
    const latest = new Map<number, { at: Date; reason: RecentEntry["reason"] }>();
    const consider = (nodeId: number, at: Date, reason: RecentEntry["reason"]) => {
      const seen = latest.get(nodeId);
      if (!seen || seen.at < at) latest.set(nodeId, { at, reason });
    };
    for (const o of opened) consider(o.nodeId, o.at, "opened");
    for (const c of changed) if (c.nodeId !== null) consider(c.nodeId, c.at, "changed");
    const order = [...latest].sort((a, b) => b[1].at.getTime() - a[1].at.getTime()).map(([id]) => id);
    const entries = await this.files.getMany(actor, order);
    return entries
      .filter((e) => !e.node.isFolder)
      .slice(0, MAX_RECENT)
      .map((e) => ({ ...e, ...latest.get(e.node.id)! }));
  }
}
