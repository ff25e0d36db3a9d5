import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { DomainError } from "@/lib/domain/errors";
import type { UserRecord } from "@/lib/domain/types";
import { createTranslator } from "@/lib/i18n/translate";
import type { Mailer } from "@/lib/mail/mailer";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { SettingsService } from "./settings.service";
import type { ThrottleService } from "./throttle.service";
import type { UserService } from "./user.service";

/** How long a verification link works. */
export const VERIFY_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** Sign-ups per client IP in each window. */
const SIGNUPS_PER_IP = 5;
const SIGNUP_WINDOW_MS = 60 * 60 * 1000;

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
const CLOSED = "Registration is closed on this site.";

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  locale?: "en" | "zh-CN" | null;
}

/**
 * Self-service sign-up when the site allows it (`registration.enabled`, off by default; FORBIDDEN otherwise). The account
 * is created disabled and a mailed link with a random token (only its SHA-256 stored, usable once within a day)
 * activates it. Sign-ups are rate-limited per client IP.
 */
export class RegistrationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserService,
    private readonly settings: SettingsService,
    private readonly throttle: ThrottleService,
    private readonly mailer: Mailer,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** the public base URL of the site (AUTH_URL), never the request's Host header */
    private readonly publicUrl: () => string,
  ) {}

  async isOpen(): Promise<boolean> {
    return (await this.settings.registration()).enabled;
  }

  /** Creates a disabled account under the password policy and mails its verification link. */
  async signUp(input: SignUpInput, meta: { ip: string | null }): Promise<void> {
    await this.assertOpen();
    if (meta.ip) {
      const { allowed, retryAfter } = await this.throttle.countRequest(`signup:ip:${meta.ip}`, SIGNUPS_PER_IP, SIGNUP_WINDOW_MS);
      if (!allowed) throw new DomainError("THROTTLED", "Too many sign-ups from your address; try again later.", { retryAfter });
    }
    const email = input.email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new DomainError("INVALID_INPUT", "That email address does not look right.");
    const user = await this.users.create(null, { username: input.username, password: input.password, email, disabled: true });
    if (input.locale) await this.uow.repos.users.update(user.id, { locale: input.locale });
    const token = randomBytes(32).toString("base64url");
    await this.uow.repos.emailVerifications.create({ tokenHash: tokenHash(token), userId: user.id, expiresAt: new Date(this.clock.now().getTime() + VERIFY_TOKEN_TTL_MS) });
    await this.audit.record({ actorId: user.id, ip: meta.ip, action: "user.register", targetType: "user", targetId: String(user.id), details: { username: user.username } });
    try {
      await this.mailer.send(this.verificationMail({ ...user, locale: input.locale ?? null }, token));
    } catch (e) {
      await this.audit.record({ actorId: user.id, ip: meta.ip, action: "user.register-mail-failed", targetType: "user", targetId: String(user.id), details: { error: e instanceof Error ? e.message : String(e) } });
      throw new DomainError("UNAVAILABLE", "The account was created but the verification mail could not be sent. Ask an administrator to activate it.");
    }
  }

  /** Activates the account of a mailed token. GONE when the token is unknown, used or expired. */
  async verify(token: string, meta: { ip: string | null }): Promise<{ username: string }> {
    await this.assertOpen();
    const gone = new DomainError("GONE", "This activation link has expired or was already used.");
    if (token.length < 20 || token.length > 200) throw gone;
    const row = await this.uow.repos.emailVerifications.findByHash(tokenHash(token));
    const now = this.clock.now();
    if (!row || row.usedAt || row.expiresAt <= now) throw gone;
    const user = await this.uow.transaction(async (repos) => {
      if (!(await repos.emailVerifications.claim(row.id, now))) throw gone;
      return repos.users.update(row.userId, { disabled: false });
    });
    await this.audit.record({ actorId: user.id, ip: meta.ip, action: "user.verify-email", targetType: "user", targetId: String(user.id) });
    return { username: user.username };
  }

  /**
   * The registrations.expire job: deletes accounts whose every verification link expired unused (older than
   * VERIFY_TOKEN_TTL_MS), so their usernames and addresses are free again. Runs whether registration is open or not.
   */
  async removeUnverified(): Promise<number> {
    let removed = 0;
    for (;;) {
      const ids = await this.uow.repos.emailVerifications.expiredUnverifiedUserIds(this.clock.now(), 100);
      for (const userId of ids) {
        await this.uow.transaction(async (repos) => {
          const space = await repos.spaces.findPersonal(userId);
          await repos.admin.removeAccount(userId, space?.id ?? null, space?.rootNodeId ?? null);
        });
        await this.audit.record({ actorId: null, ip: null, action: "user.register-expired", targetType: "user", targetId: String(userId) });
      }
      removed += ids.length;
      if (ids.length < 100) return removed;
    }
  }

  private async assertOpen(): Promise<void> {
    if (!(await this.isOpen())) throw new DomainError("FORBIDDEN", CLOSED);
  }

  private verificationMail(user: UserRecord, token: string) {
    const t = createTranslator(user.locale ?? "en");
    const link = `${this.publicUrl().replace(/\/+$/, "")}/verify-email/${token}`;
    return {
      to: user.email!,
      subject: t("security.verifySubject"),
      text: `${t("security.verifyBody", { name: user.displayName, username: user.username, link, hours: VERIFY_TOKEN_TTL_MS / 3_600_000 })}\n`,
    };
  }
}
