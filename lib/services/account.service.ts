import "server-only";
import { DomainError, isDomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { AuthService } from "./auth.service";
import type { Clock } from "./clock";
import { assertPasswordPolicy, hashPassword } from "./password";
import type { SettingsService } from "./settings.service";
import type { TwoFactorService } from "./two-factor.service";
import { CACHE_TOPICS, type CacheBus } from "./cache-bus";

export interface ProfilePatch {
  displayName?: string;
  email?: string | null;
  locale?: "en" | "zh-CN" | null;
}

/** Each person's own account: profile (display name, email, language) and password change. */
export class AccountService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly auth: AuthService,
    private readonly twoFactor: TwoFactorService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly cacheBus: CacheBus,
  ) {}

  async updateProfile(actor: Actor, patch: ProfilePatch): Promise<UserRecord> {
    assertOwnAccount(actor);
    const user = await this.uow.repos.users.findById(actor.userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    const data: { displayName?: string; email?: string | null; locale?: "en" | "zh-CN" | null } = {};
    if (patch.displayName !== undefined) {
      const name = patch.displayName.trim();
      if (name.length > 200) throw new DomainError("INVALID_INPUT", "A display name has at most 200 characters.");
      data.displayName = name || user.username;
    }
    if (patch.email !== undefined) {
      const email = patch.email?.trim() || null;
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new DomainError("INVALID_INPUT", "That email address does not look right.");
      data.email = email;
    }
    if (patch.locale !== undefined) data.locale = patch.locale;
    const updated = await this.uow.repos.users.update(actor.userId, data);
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "account.profile", targetType: "user", targetId: String(actor.userId), details: { fields: Object.keys(data) } });
    return updated;
  }

  /**
   * Changes the password: the current one is required (a wrong one counts toward the sign-in throttle and answers
   * FORBIDDEN), the policy applies, and every other session of the account ends (`keepSessionId` stays).
   */
  async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string; keepSessionId?: string | null }): Promise<void> {
    assertOwnAccount(actor);
    const user = await this.assertCurrentPassword(actor, input.currentPassword);
    assertPasswordPolicy(input.newPassword, await this.settings.passwordPolicy());
    const passwordHash = await hashPassword(input.newPassword);
    const now = this.clock.now();
    await this.uow.transaction(async (repos) => {
      await repos.users.update(user.id, { passwordHash, mustChangePassword: false });
      await repos.auth.revokeOtherSessions(user.id, input.keepSessionId ?? null, now);
      await repos.passwordResets.retireAll(user.id, now);
    });
    await this.cacheBus.publish(CACHE_TOPICS.credentials, user.id);
    await this.audit.record({ actorId: user.id, ip: actor.ip ?? null, action: "password.change", targetType: "user", targetId: String(user.id) });
  }

  /** Turns two-step verification off: needs the password (FORBIDDEN when wrong) and a code or a recovery code. */
  async disableTwoFactor(actor: Actor, input: { password: string; code: string }): Promise<void> {
    assertOwnAccount(actor);
    await this.assertCurrentPassword(actor, input.password);
    await this.twoFactor.disable(actor, input.code);
  }

  /** The signed-in person's password, throttled like a sign-in; FORBIDDEN (not 401: the session is fine) when wrong. */
  private async assertCurrentPassword(actor: Actor, password: string): Promise<UserRecord> {
    const user = await this.uow.repos.users.findById(actor.userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    try {
      return await this.auth.checkPassword(user.username, password, actor.ip ?? null);
    } catch (e) {
      if (isDomainError(e) && e.code === "UNAUTHENTICATED") throw new DomainError("FORBIDDEN", "The current password is not right.");
      throw e;
    }
  }
}

/** Account changes need the person's own browser session: not a share link, not a limited app password. */
function assertOwnAccount(actor: Actor): void {
  if (actor.link || actor.readOnly || actor.scopeNodeId !== undefined) throw new DomainError("FORBIDDEN", "Sign in to change your account.");
}
