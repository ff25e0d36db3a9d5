import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { DomainError } from "@/lib/domain/errors";
import type { UserRecord } from "@/lib/domain/types";
import { createTranslator } from "@/lib/i18n/translate";
import type { Mailer } from "@/lib/mail/mailer";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import { assertPasswordPolicy, hashPassword } from "./password";
import type { SettingsService } from "./settings.service";
import type { ThrottleService } from "./throttle.service";
import { CACHE_TOPICS, type CacheBus } from "./cache-bus";

/** How long a mailed reset link works. */
export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Reset requests per client IP, and reset mails per name asked for, in each window. */
const RESET_REQUESTS_PER_IP = 5;
const RESET_MAILS_PER_NAME = 5;
const RESET_WINDOW_MS = 15 * 60 * 1000;
/** At most this many accounts get a mail for one request (accounts may share an email address). */
const MAX_ACCOUNTS = 5;

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Forgot password by mail. A request never tells whether an account exists; each matching account with an email
 * gets a link with a random token (256 bits) of which only the SHA-256 is stored, usable once within an hour.
 * Requests are rate-limited per IP (THROTTLED) and per name or address asked for (silently).
 */
export class PasswordResetService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly settings: SettingsService,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** the public base URL of the site (AUTH_URL), never the request's Host header */
    private readonly publicUrl: () => string,
    private readonly cacheBus: CacheBus,
  ) {}

  /**
   * Mails reset links to the accounts named by `identifier` (a username or an email address). Answers the same
   * whether or not one exists; the mail is sent in the background, so the time taken does not tell either.
   */
  async request(identifier: string, meta: { ip: string | null }): Promise<void> {
    const wanted = identifier.trim();
    if (!wanted) throw new DomainError("INVALID_INPUT", "Enter your username or email address.");
    if (meta.ip) {
      const { allowed, retryAfter } = await this.throttle.countRequest(`reset:ip:${meta.ip}`, RESET_REQUESTS_PER_IP, RESET_WINDOW_MS);
      if (!allowed) throw new DomainError("THROTTLED", "Too many requests from your address; try again later.", { retryAfter });
    }
    // Past its limit a name gets the same answer and no more mails, so nobody can flood an inbox.
    if (!(await this.throttle.countRequest(`reset:id:${wanted.toLowerCase()}`, RESET_MAILS_PER_NAME, RESET_WINDOW_MS)).allowed) return;

    const users = await this.accountsFor(wanted);
    const now = this.clock.now();
    for (const user of users) {
      const token = randomBytes(32).toString("base64url");
      await this.uow.repos.passwordResets.create({ tokenHash: tokenHash(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) });
      await this.audit.record({ actorId: user.id, ip: meta.ip, action: "password.reset-requested", targetType: "user", targetId: String(user.id) });
      void this.mailer.send(this.resetMail(user, token)).catch(async (e: unknown) => {
        console.error("password reset mail failed", e);
        await this.audit.record({ actorId: user.id, ip: meta.ip, action: "password.reset-mail-failed", targetType: "user", targetId: String(user.id), details: { error: e instanceof Error ? e.message : String(e) } });
      });
    }
  }

  /** Whether a reset link still works (the reset page says so before asking for a new password). */
  async isUsable(token: string): Promise<boolean> {
    return (await this.usable(token)) !== null;
  }

  /**
   * Sets a new password with a mailed token: the policy applies, the token is spent, every other token of the account
   * retired, and every session of the account ends. GONE when the token is unknown, used or expired.
   */
  async reset(token: string, password: string, meta: { ip: string | null }): Promise<void> {
    const found = await this.usable(token);
    if (!found) throw new DomainError("GONE", "This reset link has expired or was already used. Ask for a new one.");
    assertPasswordPolicy(password, await this.settings.passwordPolicy());
    const passwordHash = await hashPassword(password);
    const now = this.clock.now();
    await this.uow.transaction(async (repos) => {
      if (!(await repos.passwordResets.claim(found.row.id, now))) throw new DomainError("GONE", "This reset link has expired or was already used. Ask for a new one.");
      await repos.passwordResets.retireAll(found.user.id, now);
      await repos.users.update(found.user.id, { passwordHash, mustChangePassword: false });
      await repos.auth.revokeUserSessions(found.user.id, now);
    });
    await this.cacheBus.publish(CACHE_TOPICS.credentials, found.user.id);
    await this.audit.record({ actorId: found.user.id, ip: meta.ip, action: "password.reset", targetType: "user", targetId: String(found.user.id) });
  }

  private async usable(token: string) {
    if (token.length < 20 || token.length > 200) return null;
    const row = await this.uow.repos.passwordResets.findByHash(tokenHash(token));
    if (!row || row.usedAt || row.expiresAt <= this.clock.now()) return null;
    const user = await this.uow.repos.users.findById(row.userId);
    if (!user || user.disabled) return null;
    return { row, user };
  }

  /** Active accounts with an email address named by a username or an email address. */
  private async accountsFor(identifier: string): Promise<UserRecord[]> {
    const byName = await this.uow.repos.users.findByUsername(identifier);
    const byEmail = identifier.includes("@") ? await this.uow.repos.users.findByEmail(identifier, MAX_ACCOUNTS) : [];
    const all = new Map([...(byName ? [byName] : []), ...byEmail].map((u) => [u.id, u]));
    return [...all.values()].filter((u) => u.email && !u.disabled).slice(0, MAX_ACCOUNTS);
  }

  private resetMail(user: UserRecord, token: string) {
    const t = createTranslator(user.locale ?? "en");
    const link = `${this.publicUrl().replace(/\/+$/, "")}/reset-password/${token}`;
    return {
      to: user.email!,
      subject: t("mail.resetSubject"),
      text: `${t("mail.resetBody", { name: user.displayName, username: user.username, link, minutes: RESET_TOKEN_TTL_MS / 60_000 })}\n`,
    };
  }
}
