import "server-only";
import { randomBytes } from "node:crypto";
import { DomainError } from "@/lib/domain/errors";
import type { Actor, ShareMode } from "@/lib/domain/permissions";
import { linkState, modeUploads, type LinkState } from "@/lib/domain/share";
import type { NodeRecord, ShareLinkRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import { hashPassword } from "./password";
import type { SettingsService, SharePolicy } from "./settings.service";
import { linkEvent } from "./visitor-gate";

const DAY_MS = 24 * 60 * 60 * 1000;

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

/**
 * Public links as their owners manage them: create, list, edit and revoke, under the share right and the site's
 * share policy. What visitors of a link may do is the VisitorService's (and VisitorUploadService's).
 */
export class ShareLinkService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async createLink(actor: Actor, nodeId: number, input: LinkInput): Promise<LinkWithNode> {
    const node = await requireShareRight(this.access, actor, nodeId);
    const policy = await this.settings.sharePolicy();
    const mode = input.mode ?? "view";
    const fields = { mode, expiresAt: input.expiresAt ?? null, downloadLimit: input.downloadLimit ?? null, uploadSizeLimit: input.uploadSizeLimit ?? null };
    this.checkLink(policy, node, { ...fields, hasPassword: typeof input.password === "string" }, true);
    const passwordHash = typeof input.password === "string" ? await hashPassword(checkSharePassword(input.password)) : null;
    const link = await this.uow.repos.shares.createLink({ token: randomBytes(24).toString("base64url"), nodeId: node.id, createdById: actor.userId, passwordHash, ...fields });
    await this.audit.record({ ...linkEvent(actor, "share.link.created", link, { nodeId: node.id, mode }), nodeId: node.id, spaceId: node.spaceId });
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
    await this.audit.record(linkEvent(actor, "share.link.updated", updated, { changed: Object.keys(input) }));
    return { link: updated, node, state: linkState(updated, this.clock.now()) };
  }

  async revokeLink(actor: Actor, linkId: number): Promise<void> {
    const { link } = await this.manageableLink(actor, linkId);
    await this.uow.repos.shares.updateLink(link.id, { revokedAt: this.clock.now() });
    await this.audit.record(linkEvent(actor, "share.link.revoked", link));
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
}

/** The node, if the actor has the share right on it (the access rule covers partners and the site policy). */
export async function requireShareRight(access: AccessService, actor: Actor, nodeId: number): Promise<NodeRecord> {
  if (actor.link) throw new DomainError("NOT_FOUND", "No such file or folder.");
  return (await access.requireNode(actor, nodeId, "share")).node;
}

function checkSharePassword(password: string): string {
  if (password.length < 1) throw new DomainError("INVALID_INPUT", "The password cannot be empty.");
  if (Buffer.byteLength(password) > 1024) throw new DomainError("INVALID_INPUT", "That password is too long.");
  return password;
}
