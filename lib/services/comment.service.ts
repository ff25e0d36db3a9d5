import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { CommentRecord } from "@/lib/repositories/quick-access.repository";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import { requireAccount } from "./quick-access";

export const MAX_COMMENT_CHARS = 10_000;
const MAX_LISTED = 500;

export interface CommentEntry extends CommentRecord {
  authorName: string;
  /** what the reader may do with it */
  canEdit: boolean;
  canDelete: boolean;
}

/**
 * Comments on files and folders: everyone who can read the node reads and writes them; authors edit and delete their
 * own, and the space's owner or admins may delete any.
 */
export class CommentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  /** Oldest first. */
  async list(actor: Actor, nodeId: number): Promise<CommentEntry[]> {
    requireAccount(actor, { change: false });
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    const rows = await this.uow.repos.comments.listOn(node.id, MAX_LISTED);
    const names = new Map((await this.uow.repos.users.findByIds([...new Set(rows.map((r) => r.authorId))])).map((u) => [u.id, u.displayName || u.username]));
    const moderator = await this.moderates(actor, node);
    return rows.map((r) => ({ ...r, authorName: names.get(r.authorId) ?? `#${r.authorId}`, canEdit: r.authorId === actor.userId, canDelete: r.authorId === actor.userId || moderator }));
  }

  async add(actor: Actor, nodeId: number, body: string): Promise<CommentRecord> {
    requireAccount(actor, { change: true });
    const text = commentBody(body);
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    return this.uow.repos.comments.create({ nodeId: node.id, authorId: actor.userId, body: text, createdAt: this.clock.now() });
  }

  /** The author's own comment, on a node it can still read. */
  async edit(actor: Actor, commentId: number, body: string): Promise<CommentRecord> {
    requireAccount(actor, { change: true });
    const text = commentBody(body);
    const { comment } = await this.readable(actor, commentId);
    if (comment.authorId !== actor.userId) throw new DomainError("FORBIDDEN", "You may only edit your own comments.");
    return this.uow.repos.comments.update(comment.id, text, this.clock.now());
  }

  async delete(actor: Actor, commentId: number): Promise<void> {
    requireAccount(actor, { change: true });
    const { comment, node } = await this.readable(actor, commentId);
    if (comment.authorId !== actor.userId && !(await this.moderates(actor, node))) throw new DomainError("FORBIDDEN", "You may only delete your own comments.");
    await this.uow.repos.comments.delete(comment.id);
  }

  /** A comment on a node the actor can read; anything else is NOT_FOUND. */
  private async readable(actor: Actor, commentId: number): Promise<{ comment: CommentRecord; node: NodeRecord }> {
    const comment = await this.uow.repos.comments.find(commentId);
    if (!comment) throw new DomainError("NOT_FOUND", "No such comment.");
    const { node } = await this.access.requireNode(actor, comment.nodeId, "read").catch(() => {
      throw new DomainError("NOT_FOUND", "No such comment.");
    });
    return { comment, node };
  }

  /** The space's owner or an admin of it (a team admin). */
  private async moderates(actor: Actor, node: NodeRecord): Promise<boolean> {
    if (actor.readOnly) return false;
    const role = await this.access.requireSpaceRole(actor, node.spaceId).catch(() => null);
    return role === "owner" || role === "admin";
  }
}

function commentBody(raw: string): string {
  const text = raw.trim();
  if (text.length === 0) throw new DomainError("INVALID_INPUT", "A comment cannot be empty.");
  if (text.length > MAX_COMMENT_CHARS) throw new DomainError("TOO_LARGE", `A comment may be at most ${MAX_COMMENT_CHARS} characters.`);
  return text;
}
