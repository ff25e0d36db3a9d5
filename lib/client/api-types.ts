/** Shapes of the Haven REST API as documented in docs/api.md. */

export type Role = "admin" | "user" | "partner";
export type Locale = "en" | "zh-CN";

export type NodeView = {
  id: number;
  spaceId: number;
  parentId: number | null;
  name: string;
  isFolder: boolean;
  size: number;
  mimeType: string | null;
  etag: string;
  mtime: string;
  createdAt: string;
  creatorId: number | null;
  sha256: string | null;
  permissions: { read: boolean; write: boolean; delete: boolean; share: boolean };
};

/** Root first; the root's name is "" (shown as "My files"). */
export type Crumb = { id: number; name: string };

export type SpaceUsage = { spaceId: number; used: number; quota: number | null; rootId: number };

export type Me = {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  locale: Locale | null;
  space: SpaceUsage;
  avatarEtag: string | null;
};

export type VersionView = {
  id: number;
  size: number;
  sha256: string;
  authorId: number | null;
  authorName: string | null;
  mtime: string;
  createdAt: string;
  current: boolean;
};

/** `originalExists`: the folder it was deleted from is live, so a plain restore puts it back there. */
export type TrashEntry = NodeView & { trashedAt: string; originalPath: string; originalParentId: number | null; originalExists: boolean };

export type UserView = {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: string;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  quota: number | null;
  used: number;
  twoFactorRequired: boolean;
};

export type SortField = "name" | "size" | "mtime";
export type SortOrder = "asc" | "desc";
/** One page of a folder listing; `total` counts all of the folder's live children, not just this page. */
export type ChildrenPage = { items: NodeView[]; nextCursor: string | null; total: number };
export type ConflictPolicy = "rename" | "replace";
