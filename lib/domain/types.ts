import type { GrantPermission, ShareMode } from "./permissions";

/** Plain records the services work with (sizes as numbers: safe up to 8 PiB). */

export interface NodeRecord {
  id: number;
  spaceId: number;
  parentId: number | null;
  name: string;
  isFolder: boolean;
  size: number;
  mimeType: string | null;
  path: string;
  etag: string;
  mtime: Date;
  createdAt: Date;
  updatedAt: Date;
  creatorId: number | null;
  currentVersionId: number | null;
  trashedAt: Date | null;
  trashRootId: number | null;
  originalParentId: number | null;
  trashedById: number | null;
}

export interface SpaceRecord {
  id: number;
  kind: "personal" | "team" | "backup";
  name: string;
  ownerId: number | null;
  quota: number | null;
  usedBytes: number;
  reservedBytes: number;
  policyId: number;
  rootNodeId: number | null;
  /** team spaces: what the team is for ("" when unset) */
  description: string;
  /** a deleted team waiting for its purge job */
  deletedAt: Date | null;
}

/** A member of a space, with the user's public names. */
export interface SpaceMemberRecord {
  spaceId: number;
  userId: number;
  role: string;
  username: string;
  displayName: string;
  createdAt: Date;
}

export interface VersionRecord {
  id: number;
  nodeId: number;
  blobId: number;
  size: number;
  sha256: string;
  authorId: number | null;
  mtime: Date;
  createdAt: Date;
}

export interface BlobRecord {
  id: number;
  policyId: number;
  key: string;
  size: number;
  sha256: string;
  /** null for blobs stored before SHA-1 was kept, until the SHA-1 backfill reaches them */
  sha1: string | null;
  refCount: number;
}

export interface PolicyRecord {
  id: number;
  name: string;
  kind: "local" | "s3";
  config: Record<string, unknown>;
  maxFileSize: number | null;
  allowedExtensions: string[] | null;
  isDefault: boolean;
}

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  passwordHash: string;
  role: "admin" | "user" | "partner";
  disabled: boolean;
  mustChangePassword: boolean;
  locale: "en" | "zh-CN" | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  /** must enrol in two-step verification before anything else */
  twoFactorRequired: boolean;
  /** ETag of the avatar; null = none */
  avatarEtag: string | null;
}

export interface UploadRecord {
  id: string;
  userId: number;
  spaceId: number;
  parentId: number;
  name: string;
  size: number;
  onConflict: "rename" | "replace";
  mtime: Date | null;
  policyId: number;
  storageKey: string;
  /** the public link a visitor uploads through; null for a signed-in user's upload */
  shareLinkId: number | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface ShareLinkRecord {
  id: number;
  token: string;
  nodeId: number;
  createdById: number;
  mode: ShareMode;
  passwordHash: string | null;
  expiresAt: Date | null;
  downloadLimit: number | null;
  downloadCount: number;
  viewCount: number;
  lastAccessAt: Date | null;
  uploadSizeLimit: number | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface ShareGrantRecord {
  id: number;
  nodeId: number;
  recipientType: "user" | "team";
  recipientId: number;
  permission: GrantPermission;
  createdById: number;
  createdAt: Date;
}

export type SortKey = "name" | "size" | "mtime";
export type SortOrder = "asc" | "desc";
