/** Pure rules of public links: their state, the actor they give visitors, and what a mode may do. */
import type { Actor, ShareMode } from "./permissions";
import type { ShareLinkRecord } from "./types";

export const SHARE_MODES = ["view", "preview", "upload", "edit"] as const satisfies readonly ShareMode[];

/** A token as issued: base64url of at least 16 random bytes (128 bits); anything else is not looked up. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export type LinkState = "live" | "revoked" | "expired" | "exhausted";

export function linkState(link: Pick<ShareLinkRecord, "revokedAt" | "expiresAt" | "downloadLimit" | "downloadCount">, now: Date): LinkState {
  if (link.revokedAt) return "revoked";
  if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return "expired";
  if (link.downloadLimit !== null && link.downloadCount >= link.downloadLimit) return "exhausted";
  return "live";
}

/** The actor a visitor of a live link acts as: the link's mode inside the link's subtree, nothing else. */
export function linkActor(link: Pick<ShareLinkRecord, "id" | "nodeId" | "createdById" | "mode">, ip?: string): Actor {
  return { userId: link.createdById, role: "user", scopeNodeId: link.nodeId, link: { id: link.id, mode: link.mode }, ...(ip ? { ip } : {}) };
}

/** Whether a mode lets visitors list folders and see entries. */
export const modeLists = (mode: ShareMode) => mode !== "upload";
/** Whether a mode serves raw bytes (download, zip). */
export const modeDownloads = (mode: ShareMode) => mode === "view" || mode === "edit";
/** Whether a mode takes visitor uploads. */
export const modeUploads = (mode: ShareMode) => mode === "upload" || mode === "edit";

const IMAGE_PREVIEW = /^image\/(jpeg|png|webp|gif|avif|tiff|bmp|heic|heif)$/i;
const VIEWER = /^(video\/|audio\/|text\/|application\/pdf$|application\/json$)/i;

/** Images get a server-rendered preview (never the original bytes). SVG is not rendered. */
export const hasImagePreview = (mimeType: string | null) => mimeType !== null && IMAGE_PREVIEW.test(mimeType);
/** PDF, video, audio and text get a viewer fed by the short-lived stream token. */
export const hasViewer = (mimeType: string | null) => mimeType !== null && VIEWER.test(mimeType);
