import { ApiError, apiFetch } from "@/lib/client/api";
import type { NodeView } from "@/lib/client/api-types";

/** Shapes and calls of the sharing API (the contract of issue 4, /docs/api.md "Sharing"). */

// The modes and their meaning are the domain's (pure, shared with the server).
import type { GrantPermission, ShareMode } from "@/lib/domain/permissions";
export type { GrantPermission, ShareMode };
export { modeUploads, SHARE_MODES } from "@/lib/domain/share";

export type ShareLink = {
  id: number;
  token: string;
  /** Absolute path "/s/<token>". */
  url: string;
  nodeId: number;
  nodeName: string;
  isFolder: boolean;
  mode: ShareMode;
  /** by the server's clock; "exhausted": the download limit is reached */
  state: "live" | "expired" | "exhausted";
  hasPassword: boolean;
  expiresAt: string | null;
  downloadLimit: number | null;
  downloadCount: number;
  viewCount: number;
  lastAccessAt: string | null;
  uploadSizeLimit: number | null;
  createdAt: string;
};

export type LinkInput = {
  mode?: ShareMode;
  /** null removes the password; undefined leaves it as it is. */
  password?: string | null;
  expiresAt?: string | null;
  downloadLimit?: number | null;
  uploadSizeLimit?: number | null;
};


export type ShareGrant = {
  id: number;
  nodeId: number;
  nodeName: string;
  isFolder: boolean;
  recipient: { type: "user" | "team"; id: number; username: string; displayName: string };
  permission: GrantPermission;
  createdAt: string;
};

export type SharedWithMeItem = {
  grantId: number;
  permission: GrantPermission;
  sharedAt: string;
  owner: { id: number; username: string; displayName: string };
  node: NodeView;
};

export type UserHit = { id: number; username: string; displayName: string; email: string | null; avatarEtag?: string | null };
/** Where a user picker finds users: its cache key and the search. */
export type UserSource = { key: string; search: (q: string) => Promise<UserHit[]> };

export type SharePolicy = { publicLinks: boolean; requirePassword: boolean; maxExpiryDays: number | null; allowUploadLinks: boolean; partnersMayShare: boolean };

export function listLinks(nodeId?: number) {
  return apiFetch<{ links: ShareLink[] }>(`/api/shares/links${nodeId === undefined ? "" : `?nodeId=${nodeId}`}`);
}

export function createLink(nodeId: number, input: LinkInput) {
  return apiFetch<ShareLink>("/api/shares/links", { method: "POST", json: { nodeId, ...input } });
}

export function updateLink(id: number, input: LinkInput) {
  return apiFetch<ShareLink>(`/api/shares/links/${id}`, { method: "PATCH", json: input });
}

export function revokeLink(id: number) {
  return apiFetch<void>(`/api/shares/links/${id}`, { method: "DELETE" });
}

export function listGrants(nodeId: number) {
  return apiFetch<{ grants: ShareGrant[] }>(`/api/shares/grants?nodeId=${nodeId}`);
}

export function createGrant(nodeId: number, userId: number, permission: GrantPermission) {
  return apiFetch<ShareGrant>("/api/shares/grants", { method: "POST", json: { nodeId, userId, permission } });
}

export function createTeamGrant(nodeId: number, teamId: number, permission: GrantPermission) {
  return apiFetch<ShareGrant>("/api/shares/grants", { method: "POST", json: { nodeId, teamId, permission } });
}

export function updateGrant(id: number, permission: GrantPermission) {
  return apiFetch<ShareGrant>(`/api/shares/grants/${id}`, { method: "PATCH", json: { permission } });
}

export function revokeGrant(id: number) {
  return apiFetch<void>(`/api/shares/grants/${id}`, { method: "DELETE" });
}

export function sharedWithMe() {
  return apiFetch<{ items: SharedWithMeItem[] }>("/api/shares/with-me");
}

export function sharedByMe() {
  return apiFetch<{ links: ShareLink[]; grants: ShareGrant[] }>("/api/shares/by-me");
}

export function searchUsers(q: string) {
  return apiFetch<{ users: UserHit[] }>(`/api/users/search?q=${encodeURIComponent(q)}`);
}

export function getSharePolicy() {
  return apiFetch<SharePolicy>("/api/admin/settings/share-policy");
}

export function saveSharePolicy(policy: SharePolicy) {
  return apiFetch<SharePolicy>("/api/admin/settings/share-policy", { method: "PUT", json: policy });
}

/** The link as a full URL for copying and the QR code. */
export function absoluteLinkUrl(link: Pick<ShareLink, "url">): string {
  return new URL(link.url, window.location.origin).toString();
}

// ---------------------------------------------------------------------------------------------------------
// Public (anonymous) share API

export type PublicEntry = {
  id: number;
  name: string;
  isFolder: boolean;
  /** null on a file drop (its visitors learn nothing about the folder) */
  size: number | null;
  mimeType: string | null;
  mtime: string | null;
  previewUrl: string | null;
  /** the cached thumbnail (size 256; atSize() for 1024), null for files without one */
  thumbnailUrl?: string | null;
  viewerUrl: string | null;
  downloadUrl: string | null;
};

export type PublicShare = {
  token: string;
  name: string;
  isFolder: boolean;
  mode: ShareMode;
  size: number | null;
  mimeType: string | null;
  ownerName: string;
  expiresAt: string | null;
  downloadsLeft: number | null;
  uploadSizeLimit: number | null;
  root: PublicEntry;
};

export type PublicListing = { folder: PublicEntry; crumbs: Array<{ id: number; name: string }>; entries: PublicEntry[] };

/** What opening a link can come to; none of these is an exception. */
export type PublicShareState =
  | { kind: "ready"; share: PublicShare }
  | { kind: "password" }
  | { kind: "gone" }
  | { kind: "not-found" };

function base(token: string) {
  return `/api/public/shares/${encodeURIComponent(token)}`;
}

/**
 * Opens a link. 401/404/410 become states; anything else throws. (Going through react-query's error path
 * would hit the app's "401 → sign in" redirect, which is wrong for anonymous visitors.)
 */
export async function openPublicShare(token: string): Promise<PublicShareState> {
  try {
    return { kind: "ready", share: await apiFetch<PublicShare>(base(token)) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) return { kind: "password" };
    if (error.status === 410) return { kind: "gone" };
    if (error.status === 404) return { kind: "not-found" };
    throw error;
  }
}

export type PasswordResult = "ok" | "wrong" | { throttledSeconds: number | null };

export async function submitSharePassword(token: string, password: string): Promise<PasswordResult> {
  const response = await fetch(`${base(token)}/password`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ password }),
  });
  if (response.ok) return "ok";
  if (response.status === 429) {
    const retry = Number(response.headers.get("Retry-After"));
    return { throttledSeconds: Number.isFinite(retry) && retry > 0 ? retry : null };
  }
  if (response.status === 403) return "wrong";
  throw new ApiError(`${response.status} ${response.statusText}`.trim(), response.status, "HTTP_" + response.status);
}

export function listPublicFolder(token: string, folderId?: number) {
  return apiFetch<PublicListing>(`${base(token)}/children${folderId === undefined ? "" : `?folderId=${folderId}`}`);
}

export function publicZipUrl(token: string, ids?: number[]) {
  return `${base(token)}/zip${ids && ids.length > 0 ? `?ids=${ids.join(",")}` : ""}`;
}

export function createPublicFolder(token: string, parentId: number, name: string) {
  return apiFetch<PublicEntry>(`${base(token)}/folders`, { method: "POST", json: { parentId, name } });
}

export function renamePublicNode(token: string, id: number, name: string) {
  return apiFetch<PublicEntry>(`${base(token)}/nodes/${id}`, { method: "PATCH", json: { name } });
}

export function deletePublicNode(token: string, id: number) {
  return apiFetch<void>(`${base(token)}/nodes/${id}`, { method: "DELETE" });
}
