import "server-only";
import { randomBytes } from "node:crypto";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import { hashPassword, verifyPassword } from "./password";
import type { ThrottleService } from "./throttle.service";
import { twoFactorPolicyOf } from "./settings.service";
import type { TwoFactorService } from "./two-factor.service";

const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Sessions record activity at most this often. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

/** A hash of nothing, so an unknown username costs as much as a wrong password. */
let dummyHash: Promise<string> | undefined;

/** Password checks (throttled) and revocable browser sessions. */
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /** Checks a username and password; throws THROTTLED when locked out, UNAUTHENTICATED when wrong. */
  async checkPassword(username: string, password: string, ip: string | null, channel: "web" | "dav" = "web"): Promise<UserRecord> {
    const user = await this.uow.repos.users.findByUsername(username);
    const ok = await this.throttle.guard({ kind: "acct", id: username, ip }, async () => {
      if (!user) return verifyPassword(await (dummyHash ??= hashPassword("haven")), password).then(() => false);
      if (!(await verifyPassword(user.passwordHash, password)) || !(await this.mayUse(user))) return false;
      // With two-step verification on, native clients must use app passwords: the account password counts as wrong.
      // So does a one-time initial password (partner invitations) until it was changed over the web.
      return !(channel === "dav" && (user.mustChangePassword || (await this.nativePasswordRefused(user))));
    });
    if (!user || !ok) {
      await this.audit.record({ actorId: user?.id ?? null, ip, action: "login.failed", details: { username, channel, disabled: user?.disabled ?? false } });
      throw new DomainError("UNAUTHENTICATED", "Wrong username or password.");
    }
    return user;
  }

  /**
   * THE rule for whether an account may be used at all (sign-in, sessions, HTTP Basic with either password): it is
   * not disabled, and if a partner, its expiry date has not come (even before the hourly partners.expire job
   * disables it).
   */
  async mayUse(user: UserRecord): Promise<boolean> {
    if (user.disabled) return false;
    if (user.role !== "partner") return true;
    return this.usableWith(user, (await this.uow.repos.partners.find(user.id))?.expiresAt ?? null);
  }

  /** mayUse with the partner's expiry already read (null: no partner terms). */
  usableWith(user: UserRecord, partnerExpiresAt: Date | null): boolean {
    if (user.disabled) return false;
    return user.role !== "partner" || partnerExpiresAt === null || partnerExpiresAt > this.clock.now();
  }

  /**
   * Whether native clients (WebDAV Basic) are refused the account password: two-step verification is on, or required
   * and not set up yet (app passwords keep working, as in Nextcloud).
   */
  async nativePasswordRefused(user: UserRecord): Promise<boolean> {
    return (await this.twoFactor.isRequired(user)) || (await this.twoFactor.isEnabled(user.id));
  }

  /** nativePasswordRefused with the account's two-step state and the site's stored policy already read. */
  nativePasswordRefusedWith(user: UserRecord, state: { twoFactorOn: boolean; sitePolicy: unknown }): boolean {
    return user.twoFactorRequired || twoFactorPolicyOf(state.sitePolicy).required || state.twoFactorOn;
  }

  /** Signs in: checks the password, then the second factor when the account has one, and opens a session. */
  async login(username: string, password: string, meta: { ip: string | null; userAgent: string | null }, code?: string): Promise<{ user: UserRecord; sessionId: string }> {
    const user = await this.checkPassword(username, password, meta.ip);
    await this.twoFactor.verifySignIn(user, code, meta.ip);
    const now = this.clock.now();
    const sessionId = randomBytes(24).toString("base64url");
    await this.uow.repos.auth.createSession({ id: sessionId, userId: user.id, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS), userAgent: meta.userAgent?.slice(0, 300) ?? null, ip: meta.ip });
    await this.uow.repos.users.update(user.id, { lastLoginAt: now });
    await this.audit.record({ actorId: user.id, ip: meta.ip, action: "login", details: { channel: "web" } });
    return { user, sessionId };
  }

  /**
   * The actor behind a session id, or null if it is unknown, revoked, expired or its user disabled. `mustEnrolTwoFactor`:
   * the account must set up two-step verification first, and the session may do nothing else (the adapters enforce it).
   */
  async actorForSession(sessionId: string, ip?: string): Promise<(Actor & { user: UserRecord; mustEnrolTwoFactor: boolean }) | null> {
    const session = await this.uow.repos.auth.findSession(sessionId);
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt < now) return null;
    const user = await this.uow.repos.users.findById(session.userId);
    if (!user || !(await this.mayUse(user))) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.uow.repos.auth.touchSession(sessionId, now);
    return { userId: user.id, role: user.role, ip, user, mustEnrolTwoFactor: await this.twoFactor.mustEnrol(user) };
  }

  async logout(sessionId: string): Promise<void> {
    await this.uow.repos.auth.revokeSession(sessionId, this.clock.now());
  }
}
