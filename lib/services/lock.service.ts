import "server-only";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { namesFromRoot } from "./tree";
import { DomainError } from "@/lib/domain/errors";
import { belowPrefix, lockCovers, pathChain } from "@/lib/domain/locks";
import type { Actor } from "@/lib/domain/permissions";
import type { NodeRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { DavLockRecord } from "@/lib/repositories/dav-lock.repository";
import type { AccessService } from "./access.service";
import type { Clock } from "./clock";
import type { UploadService } from "./upload.service";

export type { DavLockRecord };

/** Locks last at most this long without a refresh (clients asking for Infinite get this). */
export const MAX_LOCK_SECONDS = 7 * 24 * 3600;
export const DEFAULT_LOCK_SECONDS = 3600;

export interface LockRequest {
  scope: "exclusive" | "shared";
  /** Depth: infinity */
  deep: boolean;
  owner: string | null;
  timeoutSeconds: number;
}

/** A write about to happen at `path`; `deep` when it also changes everything below (DELETE, MOVE of a folder). */
export interface WriteTarget {
  path: string;
  deep: boolean;
}

/**
 * What a service is about to change, for the lock check: the node, or with `child` the name `child` inside folder
 * `node`; `deep` when everything below changes too (move, rename, trash of a folder); `withParent` when the folder
 * holding it gains or loses a member (a depth-0 lock on a folder protects its membership, RFC 4918 §7.4).
 */
export interface NodeWrite {
  node: NodeRecord;
  deep?: boolean;
  child?: string;
  withParent?: boolean;
}

export { belowPrefix, pathChain };

/**
 * WebDAV write locks (RFC 4918 §6): exclusive and shared, depth 0 or infinity, with timeouts, kept in the database
 * so every instance sees them and they survive restarts. Locks are held on paths within a space (a lock may sit on a
 * URL that maps to nothing yet). A write is allowed only when every lock covering it is named by a submitted token
 * that belongs to the writing user.
 */
export class LockService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly clock: Clock,
    /** creates lock-null files; late-bound, as the upload service checks locks itself */
    private readonly uploads: () => Pick<UploadService, "putStream">,
  ) {}

  /** Active locks that cover `path` (on it, or deep on an ancestor), plus those below it when `withDescendants`. */
  async covering(spaceId: number, path: string, opts: { withDescendants?: boolean } = {}, repos: Repositories = this.uow.repos): Promise<DavLockRecord[]> {
    const chain = pathChain(path);
    const below = opts.withDescendants ? belowPrefix(path) : undefined;
    const rows = await repos.davLocks.active(spaceId, chain, this.clock.now(), below);
    return rows.filter((l) => lockCovers(l, path) || (below !== undefined && l.path.startsWith(below)));
  }

  /** Takes a new lock. LOCKED when it conflicts with another (exclusive with anything, shared with exclusive). */
  async lock(actor: Actor, spaceId: number, path: string, req: LockRequest): Promise<DavLockRecord> {
    await this.assertMayLock(actor, spaceId);
    const timeoutSeconds = clampTimeout(req.timeoutSeconds);
    return this.uow.transaction(async (repos) => {
      await repos.spaces.lock(spaceId);
      const now = this.clock.now();
      await repos.davLocks.removeExpired(now);
      const existing = await this.covering(spaceId, path, { withDescendants: req.deep }, repos);
      const clash = existing.find((l) => req.scope === "exclusive" || l.scope === "exclusive");
      if (clash) throw new DomainError("LOCKED", "The resource is locked.", { path: clash.path, token: clash.token, conflictingLock: true });
      return repos.davLocks.create({
        token: `urn:uuid:${randomUUID()}`,
        spaceId,
        path,
        scope: req.scope,
        deep: req.deep,
        owner: req.owner,
        userId: actor.userId,
        timeoutSeconds,
        expiresAt: new Date(now.getTime() + timeoutSeconds * 1000),
      });
    });
  }

  /**
   * LOCK on an unmapped URL (RFC 4918 §7.3): takes the lock, then creates an empty file `name` in folder `parentId`
   * (the resource `path` names) under it, with the new token submitted. No lock stays when the file cannot be made.
   */
  async lockUnmapped(actor: Actor, spaceId: number, path: string, req: LockRequest, at: { parentId: number; name: string }): Promise<DavLockRecord> {
    const lock = await this.lock(actor, spaceId, path, req);
    try {
      const holder: Actor = { ...actor, lockTokens: actor.lockTokens && [...actor.lockTokens, lock.token] };
      await this.uploads().putStream(holder, { parentId: at.parentId, name: at.name, body: Readable.from([]), declaredSize: 0, onConflict: "replace" });
    } catch (e) {
      await this.uow.repos.davLocks.remove(lock.token);
      throw e;
    }
    return lock;
  }

  /** Extends a lock that covers `path`. PRECONDITION_FAILED when the token does not cover it. */
  async refresh(actor: Actor, spaceId: number, path: string, token: string, timeoutSeconds: number): Promise<DavLockRecord> {
    const lock = await this.findCovering(spaceId, path, token);
    if (!lock || lock.userId !== actor.userId) throw new DomainError("PRECONDITION_FAILED", "That lock token does not match a lock on this resource.");
    const seconds = clampTimeout(timeoutSeconds);
    return this.uow.repos.davLocks.refresh(token, seconds, new Date(this.clock.now().getTime() + seconds * 1000));
  }

  /** Removes a lock that covers `path`. CONFLICT when the token does not cover it; FORBIDDEN for another user's lock. */
  async unlock(actor: Actor, spaceId: number, path: string, token: string): Promise<void> {
    const lock = await this.findCovering(spaceId, path, token);
    if (!lock) throw new DomainError("CONFLICT", "That lock token does not match a lock on this resource.");
    if (lock.userId !== actor.userId && actor.role !== "admin") throw new DomainError("FORBIDDEN", "That lock belongs to someone else.");
    await this.uow.repos.davLocks.remove(token);
  }

  /**
   * Throws LOCKED unless every active lock covering the targets (and, for deep targets, any lock below them) is named
   * in `tokens` and held by the actor. Shared locks count the same: a holder of any one of them may write.
   */
  async assertWritable(actor: Actor, spaceId: number, targets: WriteTarget[], tokens: Iterable<string>): Promise<void> {
    if (!(await this.uow.repos.davLocks.anyActive(spaceId, this.clock.now()))) return;
    await this.assertHeld({ ...actor, lockTokens: [...tokens] }, spaceId, targets, this.uow.repos);
  }

  /**
   * The lock rule for every write path (browser, REST, tus, WebDAV), called by the services inside their transaction
   * once the space is locked. A lock blocks the write unless the actor holds it: WebDAV requests must also have
   * submitted its token (`actor.lockTokens`), while the browser, which cannot submit tokens, may write under its own
   * user's locks. Throws LOCKED with the locked path.
   */
  async assertNodesWritable(actor: Actor, writes: NodeWrite[], repos: Repositories = this.uow.repos): Promise<void> {
    const now = this.clock.now();
    const spaces = new Set(writes.map((w) => w.node.spaceId));
    for (const spaceId of spaces) {
      if (!(await repos.davLocks.anyActive(spaceId, now))) continue;
      for (const w of writes.filter((x) => x.node.spaceId === spaceId)) {
        const segments = [...(await namesFromRoot(repos, [w.node]))(w.node), ...(w.child !== undefined ? [w.child] : [])];
        const targets: WriteTarget[] = [{ path: `/${segments.join("/")}`, deep: w.deep ?? false }];
        if (w.withParent && segments.length > 0) targets.push({ path: `/${segments.slice(0, -1).join("/")}`, deep: false });
        await this.assertHeld(actor, spaceId, targets, repos);
      }
    }
  }

  /**
   * The names from the space root down to a node the actor may read: locks are keyed by these space-absolute
   * paths, also for a client whose app password starts it at a folder deeper down.
   */
  async segmentsOf(actor: Actor, nodeId: number): Promise<string[]> {
    const { node } = await this.access.requireNode(actor, nodeId, "read");
    return (await namesFromRoot(this.uow.repos, [node]))(node);
  }

  /** Clears expired locks (the recurring "locks.expire" job); active ones are untouched. Returns how many went. */
  async expire(): Promise<number> {
    return this.uow.repos.davLocks.removeExpired(this.clock.now());
  }

  private async assertHeld(actor: Actor, spaceId: number, targets: WriteTarget[], repos: Repositories): Promise<void> {
    const submitted = actor.lockTokens ? new Set(actor.lockTokens) : null;
    for (const t of targets) {
      const locks = await this.covering(spaceId, t.path, { withDescendants: t.deep }, repos);
      for (const path of new Set(locks.map((l) => l.path))) {
        const here = locks.filter((l) => l.path === path);
        if (!here.some((l) => l.userId === actor.userId && (submitted === null || submitted.has(l.token)))) {
          throw new DomainError("LOCKED", "This item is locked by a WebDAV client. Try again when it is unlocked.", { path, token: here[0]!.token });
        }
      }
    }
  }

  /** Drops locks at `path` and below (the resource was deleted, or moved away). */
  async release(spaceId: number, path: string): Promise<void> {
    await this.uow.repos.davLocks.removeAt(spaceId, path, belowPrefix(path));
  }

  /**
   * Drops the locks on these nodes and below them, in the caller's transaction: the file and trash services call it
   * whenever a node is trashed, moved or renamed (the lock was on its old path), from any door.
   */
  async releaseNodes(nodes: NodeRecord[], repos: Repositories = this.uow.repos): Promise<void> {
    const now = this.clock.now();
    for (const spaceId of new Set(nodes.map((n) => n.spaceId))) {
      if (!(await repos.davLocks.anyActive(spaceId, now))) continue;
      const inSpace = nodes.filter((n) => n.spaceId === spaceId);
      const namesOf = await namesFromRoot(repos, inSpace);
      for (const node of inSpace) {
        const path = `/${namesOf(node).join("/")}`;
        await repos.davLocks.removeAt(spaceId, path, belowPrefix(path));
      }
    }
  }

  /** Is `token` an active lock that covers `path`? */
  async findCovering(spaceId: number, path: string, token: string): Promise<DavLockRecord | null> {
    const lock = await this.uow.repos.davLocks.findByToken(token);
    if (!lock || lock.spaceId !== spaceId || lock.expiresAt <= this.clock.now()) return null;
    return lockCovers(lock, path) ? lock : null;
  }

  private async assertMayLock(actor: Actor, spaceId: number): Promise<void> {
    await this.access.requireSpaceRole(actor, spaceId);
    if (actor.readOnly) throw new DomainError("FORBIDDEN", "A read-only app password cannot lock.");
  }
}

function clampTimeout(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_LOCK_SECONDS;
  return Math.min(Math.floor(seconds), MAX_LOCK_SECONDS);
}
