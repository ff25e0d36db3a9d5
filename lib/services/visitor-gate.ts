import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import { hasImagePreview, hasViewer, linkActor, linkState, modeDownloads, modeLists, modeUploads, TOKEN_PATTERN } from "@/lib/domain/share";
import type { NodeRecord, ShareLinkRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { SettingsService } from "./settings.service";
import type { ShareSigner } from "./share-signer";

/** Lifetime of a viewer stream token. */
export const VIEWER_TOKEN_SECONDS = 10 * 60;

/** What a visitor presents: the token from the URL, the cookies sent, and the client address. */
export interface VisitorRequest {
  token: string;
  cookies: Record<string, string>;
  ip?: string | null;
}

/** A node as a visitor sees it, with what the link lets them do with it. */
export interface PublicNode {
  node: NodeRecord;
  /** set for images: a server-rendered preview exists */
  preview: boolean;
  /** set for video/audio/PDF/text: the short-lived stream token for the viewer */
  viewerToken: string | null;
  /** raw download allowed */
  download: boolean;
  /** size and times shown; false on links that do not list (a file drop): its visitors learn nothing about the folder */
  details: boolean;
}

export interface OpenedLink {
  link: ShareLinkRecord;
  root: NodeRecord;
  actor: Actor;
  ownerName: string;
}

/** The cookie that remembers an accepted share password. */
export interface ShareCookie {
  name: string;
  value: string;
  maxAgeSeconds: number;
}

/** Name of the password cookie for a link (the adapter reads it from the request and sets it on unlock). */
export const shareCookieName = (linkId: number) => `haven_share_${linkId}`;

/** One answer for unknown, revoked and switched-off links alike (nothing about a link leaks). */
const LINK_MISSING = () => new DomainError("NOT_FOUND", "This link does not exist or was revoked.");

/**
 * The door every visitor call goes through: a live link by token (re-read on each call, so revocation, expiry and
 * policy changes apply at once), its password proof, the link actor whose rights the AccessService derives from the
 * mode, and how a node looks to visitors. Used by the visitor and visitor-upload services.
 */
export class VisitorGate {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    readonly signer: ShareSigner,
  ) {}

  /** A live link by token, with its node and owner; unknown, revoked, disabled-by-policy → NOT_FOUND; expired or used up → GONE. */
  async liveLink(token: string): Promise<OpenedLink> {
    const link = TOKEN_PATTERN.test(token) ? await this.uow.repos.shares.findLinkByToken(token) : null;
    if (!link) throw LINK_MISSING();
    return this.checkLive(link);
  }

  /** A loaded link that may serve: site links on, not revoked, its root live and readable by its live owner, in date. */
  async checkLive(link: ShareLinkRecord): Promise<OpenedLink> {
    const missing = LINK_MISSING();
    const repos = this.uow.repos;
    if (!(await this.settings.sharePolicy()).publicLinks) throw missing;
    const state = linkState(link, this.clock.now());
    if (state === "revoked") throw missing;
    const [root, owner] = await Promise.all([repos.nodes.findById(link.nodeId), repos.users.findById(link.createdById)]);
    if (!root || root.trashedAt || !owner || owner.disabled) throw missing;
    if (!(await this.access.rightsOn({ userId: owner.id, role: owner.role }, root)).read) throw missing;
    if (state === "expired") throw new DomainError("GONE", "This link has expired.");
    if (state === "exhausted") throw new DomainError("GONE", "This link has reached its download limit.");
    return { link, root, actor: linkActor(link), ownerName: owner.displayName };
  }

  /** liveLink plus the password check. */
  async openLink(req: VisitorRequest): Promise<OpenedLink> {
    const opened = this.unlocked(await this.liveLink(req.token), req.cookies);
    return { ...opened, actor: linkActor(opened.link, req.ip ?? undefined) };
  }

  /** The password check: a password link needs the visitor's signed proof cookie. */
  unlocked(opened: OpenedLink, cookies: Record<string, string>): OpenedLink {
    const { link } = opened;
    if (link.passwordHash && !this.signer.validPasswordProof(link, cookies[shareCookieName(link.id)], this.clock.now())) {
      throw new DomainError("PASSWORD_REQUIRED", "This link needs its password.");
    }
    return opened;
  }

  /** The link's mode and the site policy must both allow visitor uploads. */
  async takingUploads(opened: OpenedLink): Promise<OpenedLink> {
    if (!modeUploads(opened.link.mode)) throw new DomainError("FORBIDDEN", "This link does not take uploads.");
    if (!(await this.settings.sharePolicy()).allowUploadLinks) throw new DomainError("FORBIDDEN", "Uploads through links are turned off on this site.");
    return opened;
  }

  publicNode(opened: OpenedLink, node: NodeRecord): PublicNode {
    const mode = opened.link.mode;
    const file = !node.isFolder;
    return {
      node,
      preview: file && hasImagePreview(node.mimeType),
      viewerToken: file && hasViewer(node.mimeType) ? this.signer.viewerToken(opened.link.id, node.id, new Date(this.clock.now().getTime() + VIEWER_TOKEN_SECONDS * 1000)) : null,
      download: modeDownloads(mode),
      details: modeLists(mode),
    };
  }

  /** Audits a visitor's event on a link. */
  async record(action: string, link: ShareLinkRecord, details: Record<string, unknown>, ip?: string | null): Promise<void> {
    await this.audit.record(linkEvent(null, action, link, details, ip));
  }
}

/** The audit event of an action on a link, by a signed-in actor or (actor null) a visitor from `ip`. */
export function linkEvent(actor: Actor | null, action: string, link: ShareLinkRecord, details: Record<string, unknown> = {}, ip?: string | null) {
  return { actorId: actor?.userId ?? null, ip: actor?.ip ?? ip ?? null, action, targetType: "shareLink", targetId: String(link.id), details: { nodeId: link.nodeId, ...details } };
}
