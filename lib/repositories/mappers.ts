import "server-only";
import type { BlobRecord, NodeRecord, PolicyRecord, ShareGrantRecord, ShareLinkRecord, SpaceRecord, UploadRecord, UserRecord, VersionRecord } from "@/lib/domain/types";

type Big = bigint | number;
const num = (v: Big): number => Number(v);
const numOrNull = (v: Big | null): number | null => (v === null ? null : Number(v));

export function toNode(r: Omit<NodeRecord, "size"> & { size: Big; liveName?: string | null }): NodeRecord {
  return {
    id: r.id,
    spaceId: r.spaceId,
    parentId: r.parentId,
    name: r.name,
    isFolder: r.isFolder,
    size: num(r.size),
    mimeType: r.mimeType,
    path: r.path,
    etag: r.etag,
    mtime: r.mtime,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    creatorId: r.creatorId,
    currentVersionId: r.currentVersionId,
    trashedAt: r.trashedAt,
    trashRootId: r.trashRootId,
    originalParentId: r.originalParentId,
    trashedById: r.trashedById,
  };
}

export function toSpace(r: {
  id: number; kind: string; name: string; ownerId: number | null; quota: Big | null; usedBytes: Big;
  reservedBytes: Big; policyId: number; rootNodeId: number | null; description?: string; deletedAt?: Date | string | number | null;
}): SpaceRecord {
  return {
    ...r,
    description: r.description ?? "",
    deletedAt: r.deletedAt ? new Date(r.deletedAt) : null,
    kind: r.kind as SpaceRecord["kind"],
    quota: numOrNull(r.quota),
    usedBytes: num(r.usedBytes),
    reservedBytes: num(r.reservedBytes),
  };
}

export function toVersion(r: Omit<VersionRecord, "size"> & { size: Big }): VersionRecord {
  return { id: r.id, nodeId: r.nodeId, blobId: r.blobId, size: num(r.size), sha256: r.sha256, authorId: r.authorId, mtime: r.mtime, createdAt: r.createdAt };
}

export function toBlob(r: Omit<BlobRecord, "size" | "sha1"> & { size: Big; sha1?: string | null }): BlobRecord {
  return { id: r.id, policyId: r.policyId, key: r.key, size: num(r.size), sha256: r.sha256, sha1: r.sha1 ?? null, refCount: r.refCount };
}

export function toPolicy(r: {
  id: number; name: string; kind: string; config: string; maxFileSize: Big | null; allowedExtensions: string | null; isDefault: boolean;
}): PolicyRecord {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as PolicyRecord["kind"],
    config: JSON.parse(r.config) as Record<string, unknown>,
    maxFileSize: numOrNull(r.maxFileSize),
    allowedExtensions: r.allowedExtensions ? r.allowedExtensions.split(",").map((e) => e.trim()).filter(Boolean) : null,
    isDefault: r.isDefault,
  };
}

export function toUser(r: Omit<UserRecord, "role" | "locale"> & { role: string; locale: string | null }): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    email: r.email,
    passwordHash: r.passwordHash,
    role: r.role as UserRecord["role"],
    disabled: r.disabled,
    mustChangePassword: r.mustChangePassword,
    locale: r.locale as UserRecord["locale"],
    createdAt: r.createdAt,
    lastLoginAt: r.lastLoginAt,
    twoFactorRequired: r.twoFactorRequired,
    avatarEtag: r.avatarEtag,
  };
}

export function toUpload(r: Omit<UploadRecord, "size" | "onConflict"> & { size: Big; onConflict: string }): UploadRecord {
  return { ...r, size: num(r.size), onConflict: r.onConflict as UploadRecord["onConflict"] };
}

export function toShareLink(r: Omit<ShareLinkRecord, "mode" | "uploadSizeLimit"> & { mode: string; uploadSizeLimit: Big | null }): ShareLinkRecord {
  return {
    id: r.id,
    token: r.token,
    nodeId: r.nodeId,
    createdById: r.createdById,
    mode: r.mode as ShareLinkRecord["mode"],
    passwordHash: r.passwordHash,
    expiresAt: r.expiresAt,
    downloadLimit: r.downloadLimit,
    downloadCount: r.downloadCount,
    viewCount: r.viewCount,
    lastAccessAt: r.lastAccessAt,
    uploadSizeLimit: numOrNull(r.uploadSizeLimit),
    revokedAt: r.revokedAt,
    createdAt: r.createdAt,
  };
}

export function toShareGrant(r: Omit<ShareGrantRecord, "recipientType" | "permission"> & { recipientType: string; permission: string }): ShareGrantRecord {
  return {
    id: r.id,
    nodeId: r.nodeId,
    recipientType: r.recipientType as ShareGrantRecord["recipientType"],
    recipientId: r.recipientId,
    permission: r.permission as ShareGrantRecord["permission"],
    createdById: r.createdById,
    createdAt: r.createdAt,
  };
}
