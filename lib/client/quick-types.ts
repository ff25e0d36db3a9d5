import type { NodeView } from "./api-types";

/** JSON shapes of the quick-access API (docs/api.md "Quick access"). */
export type TagView = { id: number; name: string; color: string; count?: number };

export type NodeMarksView = { favorite: boolean; shared: boolean; tags: TagView[] };

export type CommentView = {
  id: number;
  nodeId: number;
  authorId: number;
  authorName: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  canEdit: boolean;
  canDelete: boolean;
};

export type RecentView = NodeView & { at: string; reason: "opened" | "changed" };

export type ActivityView = {
  id: number;
  at: string;
  action: string;
  actorId: number | null;
  actorName: string | null;
  node: { id: number; name: string; isFolder: boolean; parentId: number | null; trashed: boolean };
  details: Record<string, unknown> | null;
};

export type ActivityPageView = { items: ActivityView[]; nextCursor: number | null };
