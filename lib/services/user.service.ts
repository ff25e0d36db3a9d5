import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import type { Repositories, UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import { isUniqueViolation } from "./tree";
import { assertPasswordPolicy, hashPassword } from "./password";
import type { SettingsService } from "./settings.service";
import type { SpaceService } from "./space.service";
import { CACHE_TOPICS, type CacheBus } from "./cache-bus";

export interface CreateUserInput {
  username: string;
  password: string;
  displayName?: string;
  email?: string | null;
  role?: "admin" | "user" | "partner";
  /** bytes; undefined = site default; null = unlimited */
  quota?: number | null;
  /** the first web sign-in must set a new password (a one-time initial password) */
  mustChangePassword?: boolean;
  /** more work in the account's creating transaction (partner accounts: terms, team membership) */
  alsoInTransaction?: (repos: Repositories, user: UserRecord) => Promise<void>;
  /** created disabled (a sign-up waiting for its email verification) */
  disabled?: boolean;
}

export interface UserWithUsage extends UserRecord {
  quota: number | null;
  used: number;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Accounts: creation (with a personal space), listing, disabling, passwords, quotas. Admin-only where it says so. */
export class UserService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly spaces: SpaceService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cacheBus: CacheBus,
  ) {}

  /** Creates an account and its personal space. `actor` null means the system (setup, CLI). */
  async create(actor: Actor | null, input: CreateUserInput): Promise<UserRecord> {
    if (actor) assertAdmin(actor);
    const username = input.username.trim();
    if (!USERNAME.test(username)) {
      throw new DomainError("INVALID_INPUT", "A username is 1–64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit.");
    }
    assertPasswordPolicy(input.password, await this.settings.passwordPolicy());
    const email = input.email?.trim() || null;
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new DomainError("INVALID_INPUT", "That email address does not look right.");
    const passwordHash = await hashPassword(input.password);
    const quota = input.quota === undefined ? await this.settings.defaultQuota() : input.quota;
    if (quota !== null && (!Number.isSafeInteger(quota) || quota < 0)) throw new DomainError("INVALID_INPUT", "A quota is a whole number of bytes, or unlimited.");
    try {
      const user = await this.uow.transaction(async (repos) => {
        let created = await repos.users.create({
          username,
          displayName: input.displayName?.trim() || username,
          email,
          passwordHash,
          role: input.role ?? "user",
          ...(input.disabled ? { disabled: true } : {}),
        });
        await this.spaces.createSpace(repos, { kind: "personal", name: username, ownerId: created.id, quota, memberRole: "owner", memberId: created.id });
        if (input.mustChangePassword) created = await repos.users.update(created.id, { mustChangePassword: true });
        await input.alsoInTransaction?.(repos, created);
        return created;
      });
      await this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? null, action: "user.create", targetType: "user", targetId: String(user.id), details: { username } });
      return user;
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError("CONFLICT", `The username "${username}" is taken.`);
      throw e;
    }
  }

  async list(actor: Actor): Promise<UserWithUsage[]> {
    assertAdmin(actor);
    const users = await this.uow.repos.users.list();
    const spaces = new Map((await this.uow.repos.spaces.findPersonalForUsers(users.map((u) => u.id))).map((s) => [s.ownerId, s]));
    return users.map((u) => ({ ...u, quota: spaces.get(u.id)?.quota ?? null, used: spaces.get(u.id)?.usedBytes ?? 0 }));
  }

  async get(id: number): Promise<UserRecord | null> {
    return this.uow.repos.users.findById(id);
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    return this.uow.repos.users.findByUsername(username);
  }

  /** Admin edits. Disabling an account revokes its sessions at once. */
  async update(
    actor: Actor | null,
    userId: number,
    patch: { disabled?: boolean; quota?: number | null; role?: "admin" | "user"; password?: string; displayName?: string; email?: string | null; twoFactorRequired?: boolean },
  ): Promise<UserWithUsage> {
    if (actor) assertAdmin(actor);
    const user = await this.uow.repos.users.findById(userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    if (actor && actor.userId === userId && (patch.disabled === true || patch.role === "user")) {
      throw new DomainError("CONFLICT", "You cannot disable or demote your own account.");
    }
    const data: Parameters<UnitOfWork["repos"]["users"]["update"]>[1] = {};
    if (patch.password !== undefined) {
      assertPasswordPolicy(patch.password, await this.settings.passwordPolicy());
      data.passwordHash = await hashPassword(patch.password);
    }
    if (patch.disabled !== undefined) data.disabled = patch.disabled;
    if (patch.role !== undefined) data.role = patch.role;
    if (patch.displayName !== undefined) data.displayName = patch.displayName.trim() || user.username;
    if (patch.email !== undefined) data.email = patch.email?.trim() || null;
    if (data.email && !/^[^\s@]+@[^\s@]+$/.test(data.email)) throw new DomainError("INVALID_INPUT", "That email address does not look right.");
    if (patch.twoFactorRequired !== undefined) data.twoFactorRequired = patch.twoFactorRequired;
    await this.uow.repos.users.update(userId, data);
    if (patch.quota !== undefined) await this.spaces.setPersonalQuota(userId, patch.quota);
    if (patch.disabled || patch.password !== undefined) await this.uow.repos.auth.revokeUserSessions(userId, this.clock.now());
    if (patch.disabled !== undefined || patch.password !== undefined || patch.role !== undefined || patch.twoFactorRequired !== undefined) {
      await this.cacheBus.publish(CACHE_TOPICS.credentials, userId);
    }
    await this.audit.record({ actorId: actor?.userId ?? null, ip: actor?.ip ?? null, action: "user.update", targetType: "user", targetId: String(userId), details: { fields: Object.keys(patch) } });
    return this.withUsage(userId);
  }

  /** An account with its personal space's quota and usage. */
  async withUsage(userId: number): Promise<UserWithUsage> {
    const user = await this.uow.repos.users.findById(userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    const space = await this.uow.repos.spaces.findPersonal(userId);
    return { ...user, quota: space?.quota ?? null, used: space?.usedBytes ?? 0 };
  }

  /**
   * An account with its usage as another account may read it (the Nextcloud `cloud/users/<id>`): only oneself, or
   * any account for an admin. Anyone else gets NOT_FOUND, so account names cannot be probed (partners included).
   */
  async profileOf(actor: Actor, username: string): Promise<UserWithUsage> {
    const user = await this.uow.repos.users.findByUsername(username);
    if (!user || (user.id !== actor.userId && actor.role !== "admin") || actor.link) throw new DomainError("NOT_FOUND", "No such user.");
    return this.withUsage(user.id);
  }

  async setLocale(actor: Actor, locale: "en" | "zh-CN" | null): Promise<UserRecord> {
    return this.uow.repos.users.update(actor.userId, { locale });
  }
}

export function assertAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new DomainError("FORBIDDEN", "Only site administrators may do this.");
}
