import "server-only";
import { hash, randomBytes } from "node:crypto";
import { namesFromRoot } from "./tree";
import { DomainError } from "@/lib/domain/errors";
import type { Actor, RequestMemo } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AppPasswordRecord } from "@/lib/repositories/app-password.repository";
import type { CredentialState, CredentialStateWithPlace } from "@/lib/repositories/credential.repository";
import type { AccessService } from "./access.service";
import type { AuditService } from "./audit.service";
import type { AuthService } from "./auth.service";
import type { Clock } from "./clock";
import { MemoryCredentialCache, type CredentialCache, type VerifiedCredential } from "./credential-cache";
import { hashPassword, verifyPassword } from "./password";
import type { SpaceService } from "./space.service";
import type { ThrottleService } from "./throttle.service";
import { CACHE_TOPICS, WILDCARD, type CacheBus } from "./cache-bus";

/** What lists show: never the hash; a folder-limited password also names its folder ("/Photos/2024"). */
export type AppPasswordView = Omit<AppPasswordRecord, "hash"> & { scopePath: string | null };

/** App passwords look like this, so a Basic password can be told apart from an account password without a lookup. */
const FORMAT = /^hp-([0-9a-f]{16})-([A-Za-z0-9_-]{32})$/;
/** Last use is recorded at most this often. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

/** The actor a native client authenticates as, with the credential's limits applied. */
export type NativeActor = Actor & { user: UserRecord; appPasswordId: number | null };

/**
 * Named, revocable passwords for native clients (WebDAV, CLI), optionally read-only or limited to one folder.
 * The secret is returned once by `create` and only its argon2id hash is kept.
 */
/** Cache-bus key prefix naming one app password (plain keys name a user: all of its credentials). */
const APP_PASSWORD_KEY = "app:";

export class AppPasswordService {
  /**
   * Keys the remembered credentials: SHA-256 of this per-process secret, the username and the password. The digests
   * never leave the process (map keys only), so a secret prefix is as good as an HMAC here, at a fifth of its cost.
   */
  private readonly cacheKey = randomBytes(32).toString("base64url");

  constructor(
    private readonly uow: UnitOfWork,
    private readonly auth: AuthService,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly spaces: SpaceService,
    private readonly clock: Clock,
    private readonly cacheBus: CacheBus,
    /** verified credentials (see CredentialCache: re-checked per request; the bus drops a changed account's entries) */
    readonly verified: CredentialCache = new MemoryCredentialCache(),
  ) {
    cacheBus.subscribe(CACHE_TOPICS.credentials, (key) => {
      if (key === WILDCARD) this.verified.clear();
      else if (key.startsWith(APP_PASSWORD_KEY)) this.verified.invalidateAppPassword(Number(key.slice(APP_PASSWORD_KEY.length)));
      else this.verified.invalidateUser(Number(key));
    });
  }

  /**
   * Creates an app password for `userId`. `actor` null means the system (CLI); others may create only their own unless
   * admin. `folderId` limits it to that folder of the user's personal space (which the user must be able to read):
   * over WebDAV the folder then is the mount's root and nothing outside it can be reached.
   */
  async create(actor: Actor | null, userId: number, input: { name: string; readOnly?: boolean; folderId?: number | null }): Promise<{ appPassword: AppPasswordView; password: string }> {
    this.assertMayManage(actor, userId);
    const name = input.name.trim();
    if (name.length === 0 || name.length > 100) throw new DomainError("INVALID_INPUT", "An app password needs a name of 1–100 characters.");
    const user = await this.uow.repos.users.findById(userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    const scopeNodeId = input.folderId ?? null;
    if (scopeNodeId !== null) await this.assertScopeFolder(user, scopeNodeId);
    const publicId = randomBytes(8).toString("hex");
    const secret = randomBytes(24).toString("base64url");
    const row = await this.uow.repos.appPasswords.create({
      publicId,
      userId,
      name,
      hash: await hashPassword(secret),
      readOnly: input.readOnly ?? false,
      scopeNodeId,
    });
    await this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? null, action: "app-password.create", targetType: "user", targetId: String(userId), details: { name, readOnly: row.readOnly, scopeNodeId } });
    const [appPassword] = await this.views([row]);
    return { appPassword: appPassword!, password: `hp-${publicId}-${secret}` };
  }

  /** A user's live app passwords (never the hashes). */
  async list(actor: Actor | null, userId: number): Promise<AppPasswordView[]> {
    this.assertMayManage(actor, userId);
    return this.views(await this.uow.repos.appPasswords.listLive(userId));
  }

  /** The scope must be a live folder of the user's personal space that the user may read. */
  private async assertScopeFolder(user: UserRecord, folderId: number): Promise<void> {
    const { node } = await this.access.requireFolder({ userId: user.id, role: user.role }, folderId, "read");
    const space = await this.spaces.personalSpace(user.id);
    if (node.spaceId !== space.id) throw new DomainError("INVALID_INPUT", "An app password can be limited to a folder of your own files only.");
  }

  /** Views with the scope folder's path from the space root (null when unlimited; "" once the folder is gone). */
  private async views(rows: AppPasswordRecord[]): Promise<AppPasswordView[]> {
    const scopes = await this.uow.repos.nodes.findManyByIds(rows.map((r) => r.scopeNodeId).filter((id): id is number => id !== null));
    const namesOf = await namesFromRoot(this.uow.repos, scopes);
    const paths = new Map(scopes.map((n) => [n.id, n.trashedAt ? "" : `/${namesOf(n).join("/")}`]));
    return rows.map((row) => {
      const { hash: _, ...rest } = row;
      return { ...rest, scopePath: row.scopeNodeId === null ? null : (paths.get(row.scopeNodeId) ?? "") };
    });
  }

  /** Revokes an app password at once; clients using it get 401 on their next request. */
  async revoke(actor: Actor | null, id: number): Promise<void> {
    const row = await this.uow.repos.appPasswords.findById(id);
    if (!row || row.revokedAt) throw new DomainError("NOT_FOUND", "No such app password.");
    this.assertMayManage(actor, row.userId);
    await this.uow.repos.appPasswords.revoke(id, this.clock.now());
    await this.cacheBus.publish(CACHE_TOPICS.credentials, `${APP_PASSWORD_KEY}${row.id}`);
    await this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? null, action: "app-password.revoke", targetType: "user", targetId: String(row.userId), details: { name: row.name } });
  }

  /**
   * Checks HTTP Basic credentials of a native client: an app password when the password has the app-password
   * shape, else the account password. Both share the login throttle. Throws UNAUTHENTICATED or THROTTLED.
   * `memo`: the request's memo, which the returned actor carries; a remembered credential's re-check then reads the
   * account's personal place into it in the same statement (RequestMemo.personal, with the role there).
   */
  async authenticate(username: string, password: string, ip: string | null, memo?: RequestMemo): Promise<NativeActor> {
    const cacheKey = this.keyOf(username, password);
    const cached = await this.fromCache(cacheKey, username, ip, memo);
    if (cached) return cached;
    const match = FORMAT.exec(password);
    if (!match) {
      const user = await this.auth.checkPassword(username, password, ip, "dav");
      this.verified.remember(cacheKey, { hash: user.passwordHash, appPasswordId: null, userId: user.id });
      return this.actorOf(user, null, ip, memo);
    }
    const row = await this.uow.repos.appPasswords.findByPublicId(match[1]!);
    const user = row ? await this.uow.repos.users.findById(row.userId) : null;
    const ok = await this.throttle.guard({ kind: "acct", id: username, ip }, async () =>
      !!row && !row.revokedAt && !!user && user.username === username && (await this.auth.mayUse(user)) && (await verifyPassword(row.hash, match[2]!)),
    );
    if (!ok || !row || !user) {
      await this.audit.record({ actorId: user?.id ?? null, ip, action: "login.failed", details: { username, channel: "app-password" } });
      throw new DomainError("UNAUTHENTICATED", "Wrong username or password.");
    }
    this.verified.remember(cacheKey, { hash: row.hash, appPasswordId: row.id, userId: user.id });
    await this.touchIfDue(row);
    return this.actorOf(user, row, ip, memo);
  }

  /**
   * authenticate() with a request memo, answered at once when it can be: a remembered credential whose re-check the
   * SQLite reader answers without waiting (CredentialRepository.stateWithPlaceNow: the same statement, or its row
   * while nothing committed since) and accepts, with no last-use time due to be written. Undefined otherwise: ask
   * authenticate(), which also refuses what this did not accept (a refused credential is forgotten here already).
   */
  authenticateNow(username: string, password: string, ip: string | null, memo: RequestMemo): NativeActor | undefined {
    const key = this.keyOf(username, password);
    const hit = this.verified.get(key);
    if (!hit) return undefined;
    const state = this.uow.repos.credentials.stateWithPlaceNow(hit.userId, hit.appPasswordId);
    if (state === undefined) return undefined;
    const accepted = this.accepted(key, hit, state, username);
    if (!accepted || (accepted.appPassword && this.touchDue(accepted.appPassword))) return undefined;
    memo.personal = state!.personal;
    return this.actorOf(accepted.user, accepted.appPassword, ip, memo);
  }

  private keyOf(username: string, password: string): string {
    return hash("sha256", `${this.cacheKey}\0${username}\0${password}`, "base64url");
  }

  /**
   * A remembered credential, re-checked against the database on every use in one statement: a revoked app password,
   * a disabled or expired account, a changed password or two-step verification (the account's or the site's) ends it
   * at once; only the argon2 verification is skipped.
   */
  private async fromCache(key: string, username: string, ip: string | null, memo: RequestMemo | undefined): Promise<NativeActor | null> {
    const hit = this.verified.get(key);
    if (!hit) return null;
    const credentials = this.uow.repos.credentials;
    const state: (CredentialState & Partial<Pick<CredentialStateWithPlace, "personal">>) | null = memo
      ? await credentials.stateWithPlace(hit.userId, hit.appPasswordId)
      : await credentials.state(hit.userId, hit.appPasswordId);
    const accepted = this.accepted(key, hit, state, username);
    if (!accepted) return null;
    // Accepted: what the statement read about the account's personal place is this request's (see RequestMemo).
    if (memo && state!.personal !== undefined) memo.personal = state!.personal;
    if (accepted.appPassword) await this.touchIfDue(accepted.appPassword);
    return this.actorOf(accepted.user, accepted.appPassword, ip, memo);
  }

  /**
   * The re-check of a remembered credential against what the database holds now: the account and, for an app
   * password, that password still let it in. Forgets the credential and answers null otherwise.
   */
  private accepted(key: string, hit: VerifiedCredential, state: CredentialState | null, username: string): { user: UserRecord; appPassword: AppPasswordRecord | null } | null {
    const user = state?.user;
    if (!state || !user || user.username !== username || !this.auth.usableWith(user, state.partnerExpiresAt)) return this.forget(key);
    if (hit.appPasswordId === null) {
      if (user.passwordHash !== hit.hash || user.mustChangePassword || this.auth.nativePasswordRefusedWith(user, state)) return this.forget(key);
      return { user, appPassword: null };
    }
    const row = state.appPassword;
    if (!row || row.revokedAt || row.hash !== hit.hash || row.userId !== user.id) return this.forget(key);
    return { user, appPassword: row };
  }

  private forget(key: string): null {
    this.verified.forget(key);
    return null;
  }

  /** The app password's last use is due to be recorded (at most every TOUCH_EVERY_MS). */
  private touchDue(row: AppPasswordRecord): boolean {
    return !row.lastUsedAt || this.clock.now().getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS;
  }

  private async touchIfDue(row: AppPasswordRecord): Promise<void> {
    if (!this.touchDue(row)) return;
    const now = this.clock.now();
    await this.uow.repos.appPasswords.touch(row.id, now);
    row.lastUsedAt = now;
  }

  /** The actor of an accepted credential: the account, and an app password's limits. */
  private actorOf(user: UserRecord, row: AppPasswordRecord | null, ip: string | null, memo: RequestMemo | undefined): NativeActor {
    if (!row) return { userId: user.id, role: user.role, ip: ip ?? undefined, user, appPasswordId: null, requestMemo: memo };
    return {
      userId: user.id,
      role: user.role,
      ip: ip ?? undefined,
      readOnly: row.readOnly || undefined,
      scopeNodeId: row.scopeNodeId ?? undefined,
      user,
      appPasswordId: row.id,
      requestMemo: memo,
    };
  }

  private assertMayManage(actor: Actor | null, userId: number): void {
    if (actor && actor.userId !== userId && actor.role !== "admin") throw new DomainError("FORBIDDEN", "You may manage only your own app passwords.");
    if (actor?.readOnly || actor?.scopeNodeId !== undefined) throw new DomainError("FORBIDDEN", "An app password cannot manage app passwords.");
  }
}
