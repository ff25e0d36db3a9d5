import { hasThumbnail } from "@/lib/domain/thumbnails";
import type { UserRecord } from "@/lib/domain/types";
import type { SharePolicy } from "@/lib/services/settings.service";
import type { GrantWithNode, UserPick } from "@/lib/services/share-grant.service";
import type { LinkWithNode } from "@/lib/services/share-link.service";
import type { PublicNode } from "@/lib/services/visitor-gate";

/** JSON shapes of sharing (the contract is /work/notes/share-contract.md, docs/api.md). */
export function shareLinkView({ link, node, state }: LinkWithNode) {
  return {
    id: link.id,
    token: link.token,
    url: `/s/${link.token}`,
    nodeId: node.id,
    nodeName: node.name,
    isFolder: node.isFolder,
    mode: link.mode,
    /** "live", "expired" or "exhausted" (download limit reached), by the server's clock */
    state,
    hasPassword: link.passwordHash !== null,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    downloadLimit: link.downloadLimit,
    downloadCount: link.downloadCount,
    viewCount: link.viewCount,
    lastAccessAt: link.lastAccessAt?.toISOString() ?? null,
    uploadSizeLimit: link.uploadSizeLimit,
    createdAt: link.createdAt.toISOString(),
  };
}

export function personView(u: UserRecord) {
  return { id: u.id, username: u.username, displayName: u.displayName };
}

export function shareGrantView({ grant, node, recipient }: GrantWithNode) {
  return {
    id: grant.id,
    nodeId: node.id,
    nodeName: node.name,
    isFolder: node.isFolder,
    recipient: { type: recipient.type, id: recipient.id, username: recipient.username, displayName: recipient.displayName },
    permission: grant.permission,
    createdAt: grant.createdAt.toISOString(),
  };
}

export function userPickView(u: UserPick) {
  return { id: u.id, username: u.username, displayName: u.displayName, email: u.email, avatarEtag: u.avatarEtag };
}

export function sharePolicyView(p: SharePolicy) {
  return { publicLinks: p.publicLinks, requirePassword: p.requirePassword, maxExpiryDays: p.maxExpiryDays, allowUploadLinks: p.allowUploadLinks, partnersMayShare: p.partnersMayShare };
}

/** A node as a visitor of link `token` sees it; URLs point at the public byte routes. */
export function publicEntryView(token: string, { node, preview, viewerToken, download, details }: PublicNode) {
  const base = `/api/public/shares/${token}`;
  return {
    id: node.id,
    name: node.name,
    isFolder: node.isFolder,
    size: details ? node.size : null,
    mimeType: node.mimeType,
    mtime: details ? node.mtime.toISOString() : null,
    previewUrl: preview ? `${base}/preview/${node.id}?w=1280` : null,
    thumbnailUrl: details && hasThumbnail(node) ? `${base}/thumbnail/${node.id}?size=256&v=${encodeURIComponent(node.etag)}` : null,
    viewerUrl: viewerToken ? `${base}/stream/${node.id}?vt=${encodeURIComponent(viewerToken)}` : null,
    downloadUrl: download && !node.isFolder ? `${base}/download/${node.id}` : null,
  };
}
