import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import { placeholderAvatar } from "@/lib/media/avatar-placeholder";
import { AVATAR_MIME, ImageTooLargeError, MAX_AVATAR_UPLOAD_BYTES, NotAnImageError, renderAvatar } from "@/lib/media/avatar";
import type { UnitOfWork } from "@/lib/repositories";
import type { StorageDriver } from "@/lib/storage/driver";
import type { AuditService } from "./audit.service";

/**
 * Account pictures: an upload is re-encoded to a 256 px square WebP without metadata and stored in the avatar store
 * under its content hash, which is also its ETag (User.avatarEtag). Any signed-in user may see any avatar.
 */
export class AvatarService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: () => StorageDriver,
    private readonly audit: AuditService,
  ) {}

  /** Replaces the caller's avatar; INVALID_INPUT for a non-image, TOO_LARGE past the byte or pixel limit. */
  async set(actor: Actor, upload: Buffer): Promise<{ etag: string }> {
    const user = await this.ownUser(actor);
    if (upload.length > MAX_AVATAR_UPLOAD_BYTES) throw tooLarge();
    let image: Buffer;
    try {
      image = await renderAvatar(upload);
    } catch (e) {
      if (e instanceof ImageTooLargeError) throw tooLarge();
      if (e instanceof NotAnImageError) throw new DomainError("INVALID_INPUT", "That file is not a picture Haven can read (use JPEG, PNG, WebP, GIF or AVIF).");
      throw e;
    }
    // The user id is hashed in too: two users with the same picture never share (and delete) one stored file.
    const etag = createHash("sha256").update(`${user.id}:`).update(image).digest("hex").slice(0, 32);
    await this.store().put(etag, Readable.from([image]));
    await this.uow.repos.users.update(user.id, { avatarEtag: etag });
    if (user.avatarEtag && user.avatarEtag !== etag) await this.store().delete(user.avatarEtag);
    await this.audit.record({ actorId: user.id, ip: actor.ip ?? null, action: "account.avatar", targetType: "user", targetId: String(user.id) });
    return { etag };
  }

  async remove(actor: Actor): Promise<void> {
    const user = await this.ownUser(actor);
    if (!user.avatarEtag) return;
    await this.uow.repos.users.update(user.id, { avatarEtag: null });
    await this.store().delete(user.avatarEtag);
    await this.audit.record({ actorId: user.id, ip: actor.ip ?? null, action: "account.avatar-removed", targetType: "user", targetId: String(user.id) });
  }

  /** A user's avatar for a signed-in viewer: its ETag and bytes; NOT_FOUND when there is none. */
  async get(viewer: Actor, userId: number): Promise<{ etag: string; mime: string; body: () => Promise<Readable> }> {
    if (viewer.link) throw new DomainError("FORBIDDEN", "Sign in to see avatars.");
    const user = await this.uow.repos.users.findById(userId);
    if (!user?.avatarEtag) throw new DomainError("NOT_FOUND", "No avatar.");
    const etag = user.avatarEtag;
    return { etag, mime: AVATAR_MIME, body: () => this.store().get(etag) };
  }

  /**
   * An account's picture by username for a signed-in viewer (the Nextcloud avatar routes): the stored one, or a
   * generated placeholder (`custom` false) when it has none. NOT_FOUND for an unknown username.
   */
  async forClient(viewer: Actor, username: string): Promise<{ etag: string; mime: string; custom: boolean; body: () => Promise<Readable> }> {
    if (viewer.link) throw new DomainError("FORBIDDEN", "Sign in to see avatars.");
    const user = await this.uow.repos.users.findByUsername(username);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    if (user.avatarEtag) return { ...(await this.get(viewer, user.id)), custom: true };
    const png = await placeholderAvatar(user.displayName || user.username);
    const etag = createHash("sha256").update(png).digest("hex").slice(0, 32);
    return { etag, mime: "image/png", custom: false, body: async () => Readable.from([png]) };
  }

  private async ownUser(actor: Actor) {
    if (actor.link || actor.readOnly || actor.scopeNodeId !== undefined) throw new DomainError("FORBIDDEN", "Sign in to change your account.");
    const user = await this.uow.repos.users.findById(actor.userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    return user;
  }
}

function tooLarge(): DomainError {
  return new DomainError("TOO_LARGE", `The picture is too large: at most ${MAX_AVATAR_UPLOAD_BYTES / 1024 / 1024} MB and 40 megapixels.`);
}
