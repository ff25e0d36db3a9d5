import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { JobQueue } from "./job.queue";
import { moveSpaceContent } from "./space-transfer";
import { deleteSubtreeBatch, yieldToEventLoop } from "./tree";
import { assertAdmin, type UserWithUsage } from "./user.service";
import { CACHE_TOPICS, type CacheBus } from "./cache-bus";

/** What happens to a deleted account's files: moved into another account's space, or purged by a job. */
export type RemovalMode = { mode: "transfer"; toUserId: number } | { mode: "purge" };

const PURGE_BATCH = 500;

/** Admin → Users: paged search and account deletion (transfer or purge). Edits stay in UserService.update. */
export class AdminUsersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cacheBus: CacheBus,
  ) {}

  /** A page of accounts, matched in the database by username, display name or email (any case). */
  async page(actor: Actor, query: { q?: string; role?: UserRecord["role"]; offset: number; limit: number }): Promise<{ items: UserWithUsage[]; total: number }> {
    assertAdmin(actor);
    const { items, total } = await this.uow.repos.users.page({ q: query.q?.trim() || undefined, role: query.role }, query.offset, Math.min(query.limit, 200));
    const spaces = new Map((await this.uow.repos.spaces.findPersonalForUsers(items.map((u) => u.id))).map((s) => [s.ownerId, s]));
    return { items: items.map((u) => ({ ...u, quota: spaces.get(u.id)?.quota ?? null, used: spaces.get(u.id)?.usedBytes ?? 0 })), total };
  }

  /**
   * Deletes an account. "transfer" moves its personal space's content (live and trashed) into a folder
   * "From <username>" at the top of the target's space, if the target's quota has room, and removes the account at once.
   * "purge" disables the account now and leaves the deleting of its files and rows to a job (users.purge).
   */
  async remove(actor: Actor, userId: number, how: RemovalMode): Promise<void> {
    assertAdmin(actor);
    if (actor.userId === userId) throw new DomainError("CONFLICT", "You cannot delete your own account.");
    const user = await this.uow.repos.users.findById(userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    if (how.mode === "transfer") await this.transfer(user, how.toUserId);
    else {
      await this.uow.repos.users.update(userId, { disabled: true });
      await this.uow.repos.auth.revokeUserSessions(userId, this.clock.now());
      await this.cacheBus.publish(CACHE_TOPICS.credentials, userId);
      await this.jobs.enqueue("users.purge", { userId }, { uniqueKey: `users.purge:${userId}` });
    }
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "user.delete", targetType: "user", targetId: String(userId), details: { username: user.username, ...how } });
  }

  /** The users.purge job: deletes the account's files batch by batch, then the account. Safe to run again. */
  async purge(userId: number): Promise<void> {
    const space = await this.uow.repos.spaces.findPersonal(userId);
    const root = space?.rootNodeId ? await this.uow.repos.nodes.findById(space.rootNodeId) : null;
    if (space && root) {
      for (;;) {
        const deleted = await this.uow.transaction(async (repos) => {
          await repos.spaces.lock(space.id);
          return deleteSubtreeBatch(repos, space.id, root.path, PURGE_BATCH);
        });
        if (deleted === 0) break;
        await yieldToEventLoop();
      }
    }
    if (await this.uow.repos.users.findById(userId)) await this.uow.transaction((repos) => repos.admin.removeAccount(userId, space?.id ?? null, null));
    await this.jobs.enqueue("blobs.collect", {}, { uniqueKey: "blobs.collect" });
  }

  private async transfer(user: UserRecord, toUserId: number): Promise<void> {
    if (toUserId === user.id) throw new DomainError("INVALID_INPUT", "Choose another account to receive the files.");
    const target = await this.uow.repos.users.findById(toUserId);
    if (!target) throw new DomainError("NOT_FOUND", "The account to receive the files does not exist.");
    await this.uow.transaction(async (repos) => {
      const from = await repos.spaces.findPersonal(user.id);
      const to = await repos.spaces.findPersonal(toUserId);
      if (!to?.rootNodeId) throw new DomainError("NOT_FOUND", "The receiving account has no personal space.");
      if (!from?.rootNodeId) return repos.admin.removeAccount(user.id, from?.id ?? null, null);
      const moved = await moveSpaceContent(repos, { fromSpaceId: from.id, toSpaceId: to.id, folderName: `From ${user.username}`, creatorId: target.id, now: this.clock.now() }).catch((e: unknown) => {
        throw e instanceof DomainError && e.code === "QUOTA_EXCEEDED" ? new DomainError("QUOTA_EXCEEDED", `${target.username}'s quota has no room for ${user.username}'s files.`) : e;
      });
      await repos.admin.removeAccount(user.id, from.id, moved ? from.rootNodeId : null);
    });
  }
}
