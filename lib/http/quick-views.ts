import type { ActivityItem } from "@/lib/services/activity.service";
import type { CommentEntry } from "@/lib/services/comment.service";
import type { NodeMarks } from "@/lib/services/node-marks.service";
import type { RecentEntry } from "@/lib/services/recent.service";
import type { TagRecord } from "@/lib/repositories/quick-access.repository";
import type { ActivityView, CommentView, NodeMarksView, RecentView, TagView } from "@/lib/client/quick-types";
import { nodeView } from "./views";

/** JSON shapes of the quick-access routes (docs/api.md); the browser reads them as lib/client/quick-types.ts. */
export function tagView(tag: Pick<TagRecord, "id" | "name" | "color"> & { count?: number }): TagView {
  return { id: tag.id, name: tag.name, color: tag.color, ...(tag.count !== undefined ? { count: tag.count } : {}) };
}

export function commentView(c: CommentEntry): CommentView {
  return { id: c.id, nodeId: c.nodeId, authorId: c.authorId, authorName: c.authorName, body: c.body, createdAt: c.createdAt.toISOString(), editedAt: c.editedAt?.toISOString() ?? null, canEdit: c.canEdit, canDelete: c.canDelete };
}

export function recentView(e: RecentEntry): RecentView {
  return { ...nodeView(e), at: e.at.toISOString(), reason: e.reason };
}

export function activityView(a: ActivityItem): ActivityView {
  return { ...a, at: a.at.toISOString() };
}

export function marksView(marks: Map<number, NodeMarks>): Record<number, NodeMarksView> {
  return Object.fromEntries([...marks].map(([id, m]) => [id, { favorite: m.favorite, shared: m.shared, tags: m.tags.map((t) => tagView(t)) }]));
}
