import "server-only";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import type { Actor, GrantPermission, ShareMode } from "@/lib/domain/permissions";
import { hasImagePreview, hasViewer, linkActor, linkState, modeDownloads, modeLists, modeUploads, TOKEN_PATTERN, type LinkState } from "@/lib/domain/share";
import type { NodeRecord, ShareGrantRecord, ShareLinkRecord, UserRecord } from "@/lib/domain/types";
import { PREVIEW_MIME, previewWidth, renderPreview } from "@/lib/media/image-preview";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { DownloadService, FileContent, ZipEntry } from "./download.service";
import type { Crumb, FileService, NodeEntry } from "./file.service";
import type { TrashService } from "./trash.service";
import { hashPassword, verifyPassword } from "./password";
import { ShareSigner } from "./share-signer";
import type { SettingsService, SharePolicy } from "./settings.service";
import type { ThrottleService } from "./throttle.service";
import type { UploadService } from "./upload.service";

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often a link's last access is recorded while a viewer streams it. */
const TOUCH_EVERY_MS = 60 * 1000;
/** One answer for unknown, revoked and switched-off links alike (nothing about a link leaks). */
const LINK_MISSING = () => new DomainError("NOT_FOUND", "This link does not exist or was revoked.");
/** How long an accepted share password is remembered. */
const PASSWORD_COOKIE_SECONDS = 7 * 24 * 60 * 60;
/** Lifetime of a viewer stream token. */
export const VIEWER_TOKEN_SECONDS = 10 * 60;

export interface LinkInput {
  mode?: ShareMode;
  /** a new password, or null to remove it; undefined keeps it */
  password?: string | null;
  expiresAt?: Date | null;
  downloadLimit?: number | null;
  uploadSizeLimit?: number | null;
}

export interface LinkWithNode {
  link: ShareLinkRecord;
  node: NodeRecord;
  /** what the link does now (lists show ended links with a badge) */
  state: LinkState;
}

export interface GrantWithNode {
  grant: ShareGrantRecord;
  node: NodeRecord;
  recipient: UserRecord;
}

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

/**
 * What a share may do. Signed-in owners create, edit and revoke public links and internal grants (share right,
 * site policy); visitors open live links as a link actor whose rights the AccessService derives from the mode.
 * Every visitor call re-reads the link, so revocation, expiry and policy changes apply at once.
 */
export class ShareService {
  private readonly signer: ShareSigner;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly files: FileService,
    private readonly uploads: UploadService,
    private readonly downloads: DownloadService,
    private readonly settings: SettingsService,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** the site secret (AUTH_SECRET) that signs password cookies and viewer tokens */
    secret: () => string,
    private readonly trash: TrashService,
  ) {
    this.signer = new ShareSigner(secret);
  }

  // ── Public links (signed in) ───────────────────────────────────────────────────────────────────────────

  async createLink(actor: Actor, nodeId: number, input: LinkInput): Promise<LinkWithNode> {
    const node = await this.requireShareRight(actor, nodeId);
    const policy = await this.settings.sharePolicy();
    const mode = input.mode ?? "view";
    const fields = { mode, expiresAt: input.expiresAt ?? null, downloadLimit: input.downloadLimit ?? null, uploadSizeLimit: input.uploadSizeLimit ?? null };
    this.checkLink(policy, node, { ...fields, hasPassword: typeof input.password === "string" }, true);
    const passwordHash = typeof input.password === "string" ? await hashPassword(checkSharePassword(input.password)) : null;
    const link = await this.uow.repos.shares.createLink({ token: randomBytes(24).toString("base64url"), nodeId: node.id, createdById: actor.userId, passwordHash, ...fields });
    await this.record(actor, "share.link.created", link, { nodeId: node.id, mode });
    return { link, node, state: linkState(link, this.clock.now()) };
  }

  /** The actor's live links, newest first (on one node when given). */
  async listLinks(actor: Actor, nodeId?: number): Promise<LinkWithNode[]> {
    if (actor.link) return [];
    const links = await this.uow.repos.shares.linksBy(actor.userId, nodeId);
    return this.withNodes(links);
  }

  async updateLink(actor: Actor, linkId: number, input: LinkInput): Promise<LinkWithNode> {
    const { link, node } = await this.manageableLink(actor, linkId);
    const policy = await this.settings.sharePolicy();
    const next = {
      mode: input.mode ?? link.mode,
      expiresAt: input.expiresAt !== undefined ? input.expiresAt : link.expiresAt,
      downloadLimit: input.downloadLimit !== undefined ? input.downloadLimit : link.downloadLimit,
      uploadSizeLimit: input.uploadSizeLimit !== undefined ? input.uploadSizeLimit : link.uploadSizeLimit,
    };
    const hasPassword = input.password === undefined ? link.passwordHash !== null : input.password !== null;
    this.checkLink(policy, node, { ...next, hasPassword }, input.expiresAt !== undefined);
    const passwordHash = input.password === undefined ? undefined : input.password === null ? null : await hashPassword(checkSharePassword(input.password));
    const updated = await this.uow.repos.shares.updateLink(link.id, { ...next, ...(passwordHash !== undefined ? { passwordHash } : {}) });
    await this.record(actor, "share.link.updated", updated, { changed: Object.keys(input) });
    return { link: updated, node, state: linkState(updated, this.clock.now()) };
  }

  async revokeLink(actor: Actor, linkId: number): Promise<void> {
    const { link } = await this.manageableLink(actor, linkId);
    await this.uow.repos.shares.updateLink(link.id, { revokedAt: this.clock.now() });
    await this.record(actor, "share.link.revoked", link);
  }

  // ── Internal shares ────────────────────────────────────────────────────────────────────────────────────

  /** Shares a node with a user; sharing again updates the permission. */
  async grant(actor: Actor, nodeId: number, input: { userId: number; permission: GrantPermission }): Promise<GrantWithNode> {
    const node = await this.requireShareRight(actor, nodeId);
    const recipient = await this.uow.repos.users.findById(input.userId);
    if (!recipient || recipient.disabled) throw new DomainError("NOT_FOUND", "No such user.");
    if (recipient.id === actor.userId) throw new DomainError("INVALID_INPUT", "You cannot share with yourself.");
    const grant = await this.uow.repos.shares.upsertGrant({ nodeId: node.id, recipientType: "user", recipientId: recipient.id, permission: input.permission, createdById: actor.userId });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "share.grant.created", targetType: "shareGrant", targetId: String(grant.id), details: { nodeId: node.id, recipientId: recipient.id, permission: input.permission } });
    return { grant, node, recipient };
  }

  /** Grants on a node, for someone who may share it. */
  async listGrants(actor: Actor, nodeId: number): Promise<GrantWithNode[]> {
    const node = await this.requireShareRight(actor, nodeId);
    return this.grantsWithNodes(await this.uow.repos.shares.grantsOnNode(node.id));
  }

  async updateGrant(actor: Actor, grantId: number, permission: GrantPermission): Promise<GrantWithNode> {
    const grant = await this.manageableGrant(actor, grantId);
    const updated = await this.uow.repos.shares.updateGrant(grant.id, permission);
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "share.grant.updated", targetType: "shareGrant", targetId: String(grant.id), details: { permission } });
    return (await this.grantsWithNodes([updated]))[0]!;
  }

  async revokeGrant(actor: Actor, grantId: number): Promise<void> {
    const grant = await this.manageableGrant(actor, grantId);
    await this.uow.repos.shares.deleteGrant(grant.id);
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "share.grant.revoked", targetType: "shareGrant", targetId: String(grant.id), details: { nodeId: grant.nodeId, recipientId: grant.recipientId } });
  }

  /** What others share with the actor: live nodes it can still read, with their owners. */
  async sharedWithMe(actor: Actor): Promise<Array<{ grant: ShareGrantRecord; entry: NodeEntry; owner: UserRecord }>> {
    if (actor.link) return [];
    const grants = await this.uow.repos.shares.grantsTo(actor.userId);
    const owners = new Map((await this.uow.repos.users.findByIds([...new Set(grants.map((g) => g.createdById))])).map((u) => [u.id, u]));
    const entries = new Map((await this.files.getMany(actor, grants.map((g) => g.nodeId))).map((e) => [e.node.id, e]));
    return grants.flatMap((grant) => {
      const entry = entries.get(grant.nodeId);
      const owner = owners.get(grant.createdById);
      return entry && owner ? [{ grant, entry, owner }] : [];
    });
  }

  async sharedByMe(actor: Actor): Promise<{ links: LinkWithNode[]; grants: GrantWithNode[] }> {
    if (actor.link) return { links: [], grants: [] };
    const [links, grants] = await Promise.all([this.listLinks(actor), this.uow.repos.shares.grantsBy(actor.userId)]);
    return { links, grants: await this.grantsWithNodes(grants) };
  }

  /** The user picker: active users other than the actor matching a name or email. */
  async searchUsers(actor: Actor, q: string): Promise<UserRecord[]> {
    if (actor.link) return [];
    const needle = q.trim();
    if (needle.length < 1) throw new DomainError("INVALID_INPUT", "Type at least one character.");
    return this.uow.repos.users.search(needle.slice(0, 100), actor.userId, 20);
  }

  // ── Visitors ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The link's name for the page's Open Graph tags; null unless the link is live. Null for password links too:
   * a link preview in a chat must not reveal what the password protects.
   */
  async publicTitle(token: string): Promise<string | null> {
    const found = await this.liveLink(token).catch(() => null);
    return found && !found.link.passwordHash ? found.root.name : null;
  }

  /** Opens a link for a page view: counts the view and records the access. */
  async open(req: VisitorRequest): Promise<OpenedLink & { rootEntry: PublicNode }> {
    const opened = await this.openLink(req);
    await this.uow.repos.shares.countView(opened.link.id, this.clock.now());
    await this.record(null, "share.accessed", opened.link, {}, req.ip);
    return { ...opened, rootEntry: this.publicNode(opened, opened.root) };
  }

  /**
   * Accepts a link's password and returns the cookie that remembers it. Wrong guesses are throttled per link
   * and per IP; the cookie is bound to the current password hash, so changing the password invalidates it.
   */
  async unlock(req: VisitorRequest, password: string): Promise<ShareCookie | null> {
    const { link } = await this.liveLink(req.token);
    if (!link.passwordHash) return null;
    // Per link, and per IP on a counter of its own, so guessing share passwords never locks that IP out of sign-in.
    const keys = [`share:${link.id}`, ...(req.ip ? [`ip:share:${req.ip}`] : [])];
    await this.throttle.assertAllowed(keys);
    if (!(await verifyPassword(link.passwordHash, password))) {
      await this.throttle.recordFailure(keys);
      await this.record(null, "share.password_failed", link, {}, req.ip);
      throw new DomainError("FORBIDDEN", "Wrong password.");
    }
    await this.throttle.recordSuccess([`share:${link.id}`]);
    const value = this.signer.passwordProof(link, new Date(this.clock.now().getTime() + PASSWORD_COOKIE_SECONDS * 1000));
    return { name: shareCookieName(link.id), value, maxAgeSeconds: PASSWORD_COOKIE_SECONDS };
  }

  /** A folder's listing inside the share (the root by default); ids outside the share are NOT_FOUND. */
  async children(req: VisitorRequest, folderId?: number): Promise<{ folder: PublicNode; crumbs: Crumb[]; entries: PublicNode[] }> {
    const opened = await this.openLink(req);
    if (!modeLists(opened.link.mode)) throw new DomainError("FORBIDDEN", "This is a file drop: its contents are not shown.");
    const id = folderId ?? opened.root.id;
    // Visitors never see checksums; the root was just loaded by openLink.
    const page = await this.files.list(opened.actor, id, { limit: 1000, checksums: false });
    const folder = id === opened.root.id ? opened.root : (await this.access.requireFolder(opened.actor, id, "read")).node;
    const crumbs = await this.files.crumbs(opened.actor, id);
    return { folder: this.publicNode(opened, folder), crumbs, entries: page.items.map((e) => this.publicNode(opened, e.node)) };
  }

  /** A file's raw bytes for download: view and edit links only; each call counts one download, atomically. */
  async download(req: VisitorRequest, nodeId: number): Promise<FileContent> {
    const opened = await this.openLink(req);
    if (!modeDownloads(opened.link.mode)) throw new DomainError("FORBIDDEN", "Downloads are disabled for this link.");
    const content = await this.downloads.openFile(opened.actor, nodeId);
    await this.countDownload(opened, req, { nodeId });
    return content;
  }

  /** A zip of items inside the share (the root by default); counts as one download. */
  async zip(req: VisitorRequest, nodeIds: number[]): Promise<{ name: string; entries: ZipEntry[] }> {
    const opened = await this.openLink(req);
    if (!modeDownloads(opened.link.mode)) throw new DomainError("FORBIDDEN", "Downloads are disabled for this link.");
    const zip = await this.downloads.zipEntries(opened.actor, nodeIds.length > 0 ? nodeIds : [opened.root.id]);
    await this.countDownload(opened, req, { zip: nodeIds });
    return zip;
  }

  /**
   * A server-rendered image preview at most `width` (≤ MAX_PREVIEW_PX) on its long side; never the original bytes.
   * `render` reads the original only when called, so a revalidation (304) or HEAD never touches storage.
   */
  async preview(req: VisitorRequest, nodeId: number, width?: number): Promise<{ node: NodeRecord; size: number; mimeType: string; render: () => Promise<Readable> }> {
    const opened = await this.openLink(req);
    if (!modeLists(opened.link.mode)) throw new DomainError("NOT_FOUND", "No such file or folder.");
    const content = await this.downloads.openForPreview(opened.actor, nodeId);
    if (!hasImagePreview(content.node.mimeType)) throw new DomainError("NOT_FOUND", "This file has no image preview.");
    const size = previewWidth(width);
    return { node: content.node, size, mimeType: PREVIEW_MIME, render: async () => renderPreview(await content.open(), size) };
  }

  /**
   * Content for the viewer (video, audio, PDF, text) under its short-lived token. `capped` is true for
   * preview-only links, and for links with a download limit (so the viewer is no uncounted download): the
   * adapter then answers only partial ranges of at most 1 MiB.
   */
  async viewerSource(
    req: VisitorRequest,
    nodeId: number,
    viewerToken: string,
    /** a whole-file page navigation (not a player's range request), which a capped stream refuses */
    opts: { navigation?: boolean } = {},
  ): Promise<{ content: FileContent; capped: boolean }> {
    const opened = await this.openLink(req);
    const now = this.clock.now();
    if (!modeLists(opened.link.mode) || !this.signer.validViewerToken(opened.link.id, nodeId, viewerToken, now)) throw new DomainError("NOT_FOUND", "This viewer link has expired; reload the page.");
    const content = await this.downloads.openForPreview(opened.actor, nodeId);
    if (!hasViewer(content.node.mimeType)) throw new DomainError("NOT_FOUND", "This file has no viewer.");
    // A player sends a range request per MiB: the last access is recorded at most once a minute.
    if (!opened.link.lastAccessAt || now.getTime() - opened.link.lastAccessAt.getTime() > TOUCH_EVERY_MS) await this.uow.repos.shares.touchLink(opened.link.id, now);
    const capped = opened.link.mode === "preview" || opened.link.downloadLimit !== null;
    if (capped && opts.navigation) throw new DomainError("FORBIDDEN", "This link is preview-only: open it on its share page.");
    return { content, capped };
  }

  /** Begins a visitor upload (file drop or read-write link): into the share only, conflicts keep both. */
  async beginVisitorUpload(req: VisitorRequest, uploadId: string, input: { parentId?: number; name: string; size: number; mtime?: Date }): Promise<void> {
    const opened = await this.takingUploads(await this.openLink(req));
    if (opened.link.uploadSizeLimit !== null && input.size > opened.link.uploadSizeLimit) {
      throw new DomainError("TOO_LARGE", `Files may be at most ${opened.link.uploadSizeLimit} bytes here.`, { maxFileSize: opened.link.uploadSizeLimit });
    }
    await this.uploads.begin(opened.actor, uploadId, { parentId: input.parentId ?? opened.root.id, name: input.name, size: input.size, onConflict: "rename", mtime: input.mtime });
    await this.record(null, "share.upload_started", opened.link, { uploadId, size: input.size }, req.ip);
  }

  /** Whether later requests of a visitor upload may continue: its link is still live, unlocked and taking uploads. */
  async assertVisitorUpload(linkId: number, cookies: Record<string, string>): Promise<void> {
    const link = await this.uow.repos.shares.findLinkById(linkId);
    if (!link) throw new DomainError("NOT_FOUND", "No such upload.");
    await this.takingUploads(this.unlocked(await this.checkLive(link), cookies));
  }

  /** The link's mode and the site policy must both allow visitor uploads. */
  private async takingUploads(opened: OpenedLink): Promise<OpenedLink> {
    if (!modeUploads(opened.link.mode)) throw new DomainError("FORBIDDEN", "This link does not take uploads.");
    if (!(await this.settings.sharePolicy()).allowUploadLinks) throw new DomainError("FORBIDDEN", "Uploads through links are turned off on this site.");
    return opened;
  }

  async createFolder(req: VisitorRequest, parentId: number | undefined, name: string): Promise<PublicNode> {
    const opened = await this.requireEditLink(req);
    const entry = await this.files.createFolder(opened.actor, parentId ?? opened.root.id, name);
    return this.publicNode(opened, entry.node);
  }

  async rename(req: VisitorRequest, nodeId: number, name: string): Promise<PublicNode> {
    const opened = await this.requireEditLink(req);
    if (nodeId === opened.root.id) throw new DomainError("FORBIDDEN", "The shared folder itself cannot be renamed.");
    const entry = await this.files.rename(opened.actor, nodeId, name);
    return this.publicNode(opened, entry.node);
  }

  /** Moves an item inside a read-write share to the owner's trash. */
  async remove(req: VisitorRequest, nodeId: number): Promise<void> {
    const opened = await this.requireEditLink(req);
    if (nodeId === opened.root.id) throw new DomainError("FORBIDDEN", "The shared folder itself cannot be deleted.");
    await this.trash.trash(opened.actor, [nodeId]);
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────────────────────

  /** A live link by token, with its node and owner; unknown, revoked, disabled-by-policy → NOT_FOUND; expired or used up → GONE. */
  private async liveLink(token: string): Promise<OpenedLink> {
    const link = TOKEN_PATTERN.test(token) ? await this.uow.repos.shares.findLinkByToken(token) : null;
    if (!link) throw LINK_MISSING();
    return this.checkLive(link);
  }

  /** A loaded link that may serve: site links on, not revoked, its root live and readable by its live owner, in date. */
  private async checkLive(link: ShareLinkRecord): Promise<OpenedLink> {
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
  private async openLink(req: VisitorRequest): Promise<OpenedLink> {
    const opened = this.unlocked(await this.liveLink(req.token), req.cookies);
    return { ...opened, actor: linkActor(opened.link, req.ip ?? undefined) };
  }

  /** The password check: a password link needs the visitor's signed proof cookie. */
  private unlocked(opened: OpenedLink, cookies: Record<string, string>): OpenedLink {
    const { link } = opened;
    if (link.passwordHash && !this.signer.validPasswordProof(link, cookies[shareCookieName(link.id)], this.clock.now())) {
      throw new DomainError("PASSWORD_REQUIRED", "This link needs its password.");
    }
    return opened;
  }

  private async requireEditLink(req: VisitorRequest): Promise<OpenedLink> {
    const opened = await this.openLink(req);
    if (opened.link.mode !== "edit") throw new DomainError("FORBIDDEN", "This link is not read-write.");
    return opened;
  }

  private async countDownload(opened: OpenedLink, req: VisitorRequest, details: Record<string, unknown>): Promise<void> {
    if (!(await this.uow.repos.shares.tryCountDownload(opened.link, this.clock.now()))) throw new DomainError("GONE", "This link has reached its download limit.");
    await this.record(null, "share.downloaded", opened.link, details, req.ip);
  }

  private publicNode(opened: OpenedLink, node: NodeRecord): PublicNode {
    const mode = opened.link.mode;
    const file = !node.isFolder;
    return {
      node,
      preview: file && hasImagePreview(node.mimeType),
      viewerToken: file && hasViewer(node.mimeType) ? this.signer.viewerToken(opened.link.id, node.id, new Date(this.clock.now().getTime() + VIEWER_TOKEN_SECONDS * 1000)) : null,
      download: modeDownloads(mode),
    };
  }

  /** The node, if the actor has the share right on it (the access rule covers partners and the site policy). */
  private async requireShareRight(actor: Actor, nodeId: number): Promise<NodeRecord> {
    if (actor.link) throw new DomainError("NOT_FOUND", "No such file or folder.");
    return (await this.access.requireNode(actor, nodeId, "share")).node;
  }

  /** A live link its creator, or someone with the share right on its node, may edit. */
  private async manageableLink(actor: Actor, linkId: number): Promise<LinkWithNode> {
    const missing = new DomainError("NOT_FOUND", "No such link.");
    const link = await this.uow.repos.shares.findLinkById(linkId);
    if (!link || link.revokedAt || actor.link) throw missing;
    const node = await this.uow.repos.nodes.findById(link.nodeId);
    if (!node) throw missing;
    if (link.createdById !== actor.userId && !(await this.access.rightsOn(actor, node)).share) throw missing;
    return { link, node, state: linkState(link, this.clock.now()) };
  }

  private async manageableGrant(actor: Actor, grantId: number): Promise<ShareGrantRecord> {
    const grant = await this.uow.repos.shares.findGrantById(grantId);
    if (!grant || actor.link) throw new DomainError("NOT_FOUND", "No such share.");
    if (grant.createdById === actor.userId) return grant;
    const node = await this.uow.repos.nodes.findById(grant.nodeId);
    if (!node || !(await this.access.rightsOn(actor, node)).share) throw new DomainError("NOT_FOUND", "No such share.");
    return grant;
  }

  /** Site policy and mode rules for a link's settings. `expiryChanged` re-checks the maximum expiry. */
  private checkLink(
    policy: SharePolicy,
    node: NodeRecord,
    link: { mode: ShareMode; hasPassword: boolean; expiresAt: Date | null; downloadLimit: number | null; uploadSizeLimit: number | null },
    expiryChanged: boolean,
  ): void {
    if (!policy.publicLinks) throw new DomainError("FORBIDDEN", "Public links are turned off on this site.");
    if (modeUploads(link.mode) && !node.isFolder) throw new DomainError("INVALID_INPUT", "Upload and read-write links are for folders only.");
    if (modeUploads(link.mode) && !policy.allowUploadLinks) throw new DomainError("FORBIDDEN", "Upload links are turned off on this site.");
    if (policy.requirePassword && !link.hasPassword) throw new DomainError("INVALID_INPUT", "This site requires a password on every link.");
    const now = this.clock.now().getTime();
    if (expiryChanged && link.expiresAt && link.expiresAt.getTime() <= now) throw new DomainError("INVALID_INPUT", "The expiry date must be in the future.");
    if (policy.maxExpiryDays !== null) {
      const latest = now + policy.maxExpiryDays * DAY_MS;
      if (!link.expiresAt || (expiryChanged && link.expiresAt.getTime() > latest)) {
        throw new DomainError("INVALID_INPUT", `Links on this site must expire within ${policy.maxExpiryDays} days.`, { maxExpiryDays: policy.maxExpiryDays });
      }
    }
    if (link.downloadLimit !== null && (!Number.isSafeInteger(link.downloadLimit) || link.downloadLimit < 1)) throw new DomainError("INVALID_INPUT", "A download limit is a whole number of at least 1.");
    if (link.uploadSizeLimit !== null && (!Number.isSafeInteger(link.uploadSizeLimit) || link.uploadSizeLimit < 1)) throw new DomainError("INVALID_INPUT", "An upload size limit is a whole number of bytes.");
  }

  private async withNodes(links: ShareLinkRecord[]): Promise<LinkWithNode[]> {
    const nodes = new Map((await this.uow.repos.nodes.findManyByIds(links.map((l) => l.nodeId))).map((n) => [n.id, n]));
    const now = this.clock.now();
    return links.flatMap((link) => {
      const node = nodes.get(link.nodeId);
      return node && !node.trashedAt ? [{ link, node, state: linkState(link, now) }] : [];
    });
  }

  private async grantsWithNodes(grants: ShareGrantRecord[]): Promise<GrantWithNode[]> {
    const repos = this.uow.repos;
    const nodes = new Map((await repos.nodes.findManyByIds(grants.map((g) => g.nodeId))).map((n) => [n.id, n]));
    const users = new Map((await repos.users.findByIds(grants.map((g) => g.recipientId))).map((u) => [u.id, u]));
    return grants.flatMap((grant) => {
      const node = nodes.get(grant.nodeId);
      const recipient = users.get(grant.recipientId);
      return node && !node.trashedAt && recipient ? [{ grant, node, recipient }] : [];
    });
  }

  private async record(actor: Actor | null, action: string, link: ShareLinkRecord, details: Record<string, unknown> = {}, ip?: string | null): Promise<void> {
    await this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? ip ?? null, action, targetType: "shareLink", targetId: String(link.id), details: { nodeId: link.nodeId, ...details } });
  }
}

function checkSharePassword(password: string): string {
  if (password.length < 1) throw new DomainError("INVALID_INPUT", "The password cannot be empty.");
  if (Buffer.byteLength(password) > 1024) throw new DomainError("INVALID_INPUT", "That password is too long.");
  return password;
}
