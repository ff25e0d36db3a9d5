import "server-only";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import { hasImagePreview, hasViewer, modeDownloads, modeLists } from "@/lib/domain/share";
import type { NodeRecord } from "@/lib/domain/types";
import { PREVIEW_MIME, previewWidth, renderPreview } from "@/lib/media/image-preview";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { DownloadService, FileContent, ZipEntry } from "./download.service";
import type { Crumb, FileService } from "./file.service";
import { verifyPassword } from "./password";
import type { ThrottleService } from "./throttle.service";
import type { ThumbnailContent, ThumbnailService } from "./thumbnail.service";
import type { ThumbnailSize } from "@/lib/domain/thumbnails";
import { shareCookieName, VIEWER_TOKEN_SECONDS, type OpenedLink, type PublicNode, type ShareCookie, type VisitorGate, type VisitorRequest } from "./visitor-gate";

/** How often a link's last access is recorded while a viewer streams it. */
const TOUCH_EVERY_MS = 60 * 1000;
/** How long an accepted share password is remembered. */
const PASSWORD_COOKIE_SECONDS = 7 * 24 * 60 * 60;

/**
 * What a public-link visitor may read: open a link (and unlock it with its password), browse inside it, download
 * (counted), zip (counted once), image previews and the viewer stream. Writes by visitors are the
 * VisitorUploadService's.
 */
export class VisitorService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly gate: VisitorGate,
    private readonly access: AccessService,
    private readonly files: FileService,
    private readonly downloads: DownloadService,
    private readonly throttle: ThrottleService,
    private readonly clock: Clock,
    private readonly thumbnails: ThumbnailService,
  ) {}

  /**
   * The link's name for the page's Open Graph tags; null unless the link is live. Null for password links too:
   * a link preview in a chat must not reveal what the password protects.
   */
  async publicTitle(token: string): Promise<string | null> {
    const found = await this.gate.liveLink(token).catch(() => null);
    return found && !found.link.passwordHash ? found.root.name : null;
  }

  /** Opens a link for a page view: counts the view and records the access. */
  async open(req: VisitorRequest): Promise<OpenedLink & { rootEntry: PublicNode }> {
    const opened = await this.gate.openLink(req);
    await this.uow.repos.shares.countView(opened.link.id, this.clock.now());
    await this.gate.record("share.accessed", opened.link, {}, req.ip);
    return { ...opened, rootEntry: this.gate.publicNode(opened, opened.root) };
  }

  /**
   * Accepts a link's password and returns the cookie that remembers it. Wrong guesses are throttled per link
   * and per IP; the cookie is bound to the current password hash, so changing the password invalidates it.
   */
  async unlock(req: VisitorRequest, password: string): Promise<ShareCookie | null> {
    const { link } = await this.gate.liveLink(req.token);
    if (!link.passwordHash) return null;
    // Per link and IP, per link, and per IP on counters of their own, so guessing share passwords never locks that IP out of sign-in.
    const passwordHash = link.passwordHash;
    if (!(await this.throttle.guard({ kind: "share", id: String(link.id), ip: req.ip }, () => verifyPassword(passwordHash, password)))) {
      await this.gate.record("share.password_failed", link, {}, req.ip);
      throw new DomainError("FORBIDDEN", "Wrong password.");
    }
    const value = this.gate.signer.passwordProof(link, new Date(this.clock.now().getTime() + PASSWORD_COOKIE_SECONDS * 1000));
    return { name: shareCookieName(link.id), value, maxAgeSeconds: PASSWORD_COOKIE_SECONDS };
  }

  /** A folder's listing inside the share (the root by default); ids outside the share are NOT_FOUND. */
  async children(req: VisitorRequest, folderId?: number): Promise<{ folder: PublicNode; crumbs: Crumb[]; entries: PublicNode[] }> {
    const opened = await this.gate.openLink(req);
    if (!modeLists(opened.link.mode)) throw new DomainError("FORBIDDEN", "This is a file drop: its contents are not shown.");
    const id = folderId ?? opened.root.id;
    // Visitors never see checksums; the root was just loaded by openLink.
    const page = await this.files.list(opened.actor, id, { limit: 1000, checksums: false });
    const folder = id === opened.root.id ? opened.root : (await this.access.requireFolder(opened.actor, id, "read")).node;
    const crumbs = await this.files.crumbs(opened.actor, id);
    return { folder: this.gate.publicNode(opened, folder), crumbs, entries: page.items.map((e) => this.gate.publicNode(opened, e.node)) };
  }

  /**
   * A file's raw bytes for download: view and edit links only; each call counts one download, atomically. May be
   * redirected to storage (FileContent.presign) unless the link limits its downloads.
   */
  async download(req: VisitorRequest, nodeId: number): Promise<FileContent> {
    const opened = await this.gate.openLink(req);
    if (!modeDownloads(opened.link.mode)) throw new DomainError("FORBIDDEN", "Downloads are disabled for this link.");
    const content = await this.downloads.openFile(opened.actor, nodeId);
    await this.countDownload(opened, req, { nodeId });
    // A URL straight to storage could be fetched again and again: a link with a download limit never hands one out.
    return opened.link.downloadLimit === null ? content : { ...content, presign: undefined };
  }

  /** A zip of items inside the share (the root by default); counts as one download. */
  async zip(req: VisitorRequest, nodeIds: number[]): Promise<{ name: string; entries: ZipEntry[] }> {
    const opened = await this.gate.openLink(req);
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
    const opened = await this.gate.openLink(req);
    if (!modeLists(opened.link.mode)) throw new DomainError("NOT_FOUND", "No such file or folder.");
    const content = await this.downloads.openForPreview(opened.actor, nodeId);
    if (!hasImagePreview(content.node.mimeType)) throw new DomainError("NOT_FOUND", "This file has no image preview.");
    const size = previewWidth(width);
    return { node: content.node, size, mimeType: PREVIEW_MIME, render: async () => renderPreview(await content.open(), size) };
  }

  /**
   * A file's thumbnail (at most 1024 px, re-encoded: never the original bytes) on any link that lists, preview-only
   * included: what the link's preview and viewer show already. Counts nothing.
   */
  async thumbnail(req: VisitorRequest, nodeId: number, size: ThumbnailSize): Promise<ThumbnailContent> {
    const opened = await this.gate.openLink(req);
    if (!modeLists(opened.link.mode)) throw new DomainError("NOT_FOUND", "No such file or folder.");
    const { node } = await this.access.requireNode(opened.actor, nodeId, "read");
    return this.thumbnails.ofNode(node, size);
  }

  /**
   * Content for the viewer (video, audio, PDF, text) under its short-lived token. `capped` is true for
   * preview-only links, and for links with a download limit: the adapter then answers only partial ranges of at
   * most 1 MiB. On a link with a download limit the adapter must also call `charge` with the bytes it is about to
   * send (before sending any): every whole file's worth one viewer token streams counts one download, and once
   * the limit is used up the stream is GONE like a download.
   */
  async viewerSource(
    req: VisitorRequest,
    nodeId: number,
    viewerToken: string,
    /** a whole-file page navigation (not a player's range request), which a capped stream refuses */
    opts: { navigation?: boolean } = {},
  ): Promise<{ content: FileContent; capped: boolean; charge?: (bytes: number) => Promise<void> }> {
    const opened = await this.gate.openLink(req);
    const now = this.clock.now();
    if (!modeLists(opened.link.mode) || !this.gate.signer.validViewerToken(opened.link.id, nodeId, viewerToken, now)) throw new DomainError("NOT_FOUND", "This viewer link has expired; reload the page.");
    const content = await this.downloads.openForPreview(opened.actor, nodeId);
    if (!hasViewer(content.node.mimeType)) throw new DomainError("NOT_FOUND", "This file has no viewer.");
    // A player sends a range request per MiB: the last access is recorded at most once a minute.
    if (!opened.link.lastAccessAt || now.getTime() - opened.link.lastAccessAt.getTime() > TOUCH_EVERY_MS) await this.uow.repos.shares.touchLink(opened.link.id, now);
    const capped = opened.link.mode === "preview" || opened.link.downloadLimit !== null;
    if (capped && opts.navigation) throw new DomainError("FORBIDDEN", "This link is preview-only: open it on its share page.");
    if (opened.link.downloadLimit === null) return { content, capped };
    return { content, capped, charge: (bytes) => this.chargeViewer(opened, req, viewerToken, content, bytes) };
  }

  /** Adds `bytes` to what a viewer token has streamed; each whole file's worth counts one download. */
  private async chargeViewer(opened: OpenedLink, req: VisitorRequest, viewerToken: string, content: FileContent, bytes: number): Promise<void> {
    const fileSize = content.size;
    if (bytes <= 0 || fileSize <= 0) return;
    const repos = this.uow.repos;
    const key = createHash("sha256").update(viewerToken).digest("hex");
    const now = this.clock.now();
    const streamed = await repos.shares.addViewerBytes(key, opened.link.id, bytes, new Date(now.getTime() + VIEWER_TOKEN_SECONDS * 1000), now);
    const due = Math.floor(streamed.bytes / fileSize);
    if (due <= streamed.counted || !(await repos.shares.claimViewerDownloads(key, streamed.counted, due))) return;
    for (let i = streamed.counted; i < due; i++) await this.countDownload(opened, req, { nodeId: content.node.id, viewer: true });
  }

  private async countDownload(opened: OpenedLink, req: VisitorRequest, details: Record<string, unknown>): Promise<void> {
    if (!(await this.uow.repos.shares.tryCountDownload(opened.link, this.clock.now()))) throw new DomainError("GONE", "This link has reached its download limit.");
    await this.gate.record("share.downloaded", opened.link, details, req.ip);
  }
}
