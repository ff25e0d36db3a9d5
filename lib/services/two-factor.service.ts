import "server-only";
import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import type { UserRecord } from "@/lib/domain/types";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import type { Clock } from "./clock";
import type { SettingsService } from "./settings.service";
import type { ThrottleService } from "./throttle.service";
import { SecretBox } from "@/lib/crypto/secret-box";

const RECOVERY_CODES = 10;
/** Codes one step (30 s) early or late are accepted too: phones' clocks drift. */
const WINDOW = 1;
const ISSUER = "Haven";

/** Recovery codes look like "k3f9q-7xm2p": 50 random bits, lower-case base32 without look-alikes. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normalise = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");
const hashCode = (code: string) => createHash("sha256").update(normalise(code)).digest("hex");

function totp(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
}

/**
 * TOTP two-factor sign-in (otpauth): enrolment with a QR code confirmed by a code, ten one-time recovery codes
 * (stored hashed, shown once), the sign-in check (a code is accepted once; wrong codes count toward the sign-in
 * throttle and a per-account second-factor key that a right password does not clear), and removal.
 */
export class TwoFactorService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly throttle: ThrottleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    /** seals TOTP secrets at rest (AES-256-GCM, key from HAVEN_SECRET_KEY or AUTH_SECRET) */
    private readonly box: SecretBox,
  ) {}

  async isEnabled(userId: number): Promise<boolean> {
    return this.uow.repos.twoFactor.isEnabled(userId);
  }

  async status(actor: Actor): Promise<{ enabled: boolean; recoveryCodesLeft: number; required: boolean }> {
    const enabled = await this.isEnabled(actor.userId);
    const user = await this.uow.repos.users.findById(actor.userId);
    return {
      enabled,
      recoveryCodesLeft: enabled ? await this.uow.repos.twoFactor.unusedRecoveryCodes(actor.userId) : 0,
      required: user ? await this.isRequired(user) : false,
    };
  }

  /** Whether the account must have 2FA: forced on the user, or by the site-wide policy. */
  async isRequired(user: UserRecord): Promise<boolean> {
    return user.twoFactorRequired || (await this.settings.twoFactorPolicy()).required;
  }

  /** Whether the account must have 2FA and has none: its sessions may only enrol, and WebDAV refuses its password. */
  async mustEnrol(user: UserRecord): Promise<boolean> {
    return (await this.isRequired(user)) && !(await this.isEnabled(user.id));
  }

  /** Starts enrolment: a new secret, returned with its otpauth:// URI (for the QR code). CONFLICT when already on. */
  async begin(actor: Actor): Promise<{ secret: string; uri: string }> {
    const user = await this.ownUser(actor);
    if (await this.isEnabled(user.id)) throw new DomainError("CONFLICT", "Two-step verification is already on.");
    const secret = new Secret({ size: 20 }).base32;
    await this.uow.repos.twoFactor.savePending(user.id, this.box.seal(secret));
    return { secret, uri: totp(secret, user.username).toString() };
  }

  /** Confirms enrolment with a code from the app; turns 2FA on and returns the recovery codes (shown only now). */
  async confirm(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.ownUser(actor);
    const row = await this.uow.repos.twoFactor.find(user.id);
    if (!row || row.enabledAt) throw new DomainError("CONFLICT", row ? "Two-step verification is already on." : "Start the set-up first.");
    const step = this.matchingStep(await this.secretOf(row), user.username, code);
    if (step === null) throw new DomainError("INVALID_INPUT", "That code is not right.");
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.uow.transaction(async (repos) => {
      await repos.twoFactor.enable(user.id, this.clock.now(), step);
      await repos.twoFactor.replaceRecoveryCodes(user.id, recoveryCodes.map(hashCode));
    });
    await this.audit.record({ actorId: user.id, ip: actor.ip ?? null, action: "2fa.enable", targetType: "user", targetId: String(user.id) });
    return { recoveryCodes };
  }

  /**
   * The second step of a sign-in (the password was right): nothing when 2FA is off; SECOND_FACTOR_REQUIRED without a
   * code; UNAUTHENTICATED for a wrong, replayed or spent code; THROTTLED while locked out.
   */
  async verifySignIn(user: UserRecord, code: string | undefined, ip: string | null): Promise<void> {
    if (!(await this.isEnabled(user.id))) return;
    if (!code?.trim()) throw new DomainError("SECOND_FACTOR_REQUIRED", "Enter the code from your authenticator app.");
    await this.checkCode(user, code, ip, "login");
  }

  /** Turns 2FA off after the caller checked the password; needs a code (or a recovery code) too. */
  async disable(actor: Actor, code: string): Promise<void> {
    const user = await this.ownUser(actor);
    if (!(await this.isEnabled(user.id))) throw new DomainError("CONFLICT", "Two-step verification is off.");
    if (await this.isRequired(user)) throw new DomainError("FORBIDDEN", "Two-step verification is required for your account.");
    await this.checkCode(user, code, actor.ip ?? null, "disable");
    await this.uow.repos.twoFactor.remove(user.id);
    await this.audit.record({ actorId: user.id, ip: actor.ip ?? null, action: "2fa.disable", targetType: "user", targetId: String(user.id) });
  }

  /** Accepts a TOTP code (once per 30-second step) or an unused recovery code; throttled like a password. */
  private async checkCode(user: UserRecord, code: string, ip: string | null, purpose: "login" | "disable"): Promise<void> {
    let how: "totp" | "recovery" | null = null;
    await this.throttle.guard({ kind: "2fa", id: String(user.id), ip }, async () => {
      const row = await this.uow.repos.twoFactor.find(user.id);
      if (row?.enabledAt) {
        const step = this.matchingStep(await this.secretOf(row), user.username, code);
        if (step !== null && (await this.uow.repos.twoFactor.acceptStep(user.id, step))) how = "totp";
        else if (step === null && (await this.uow.repos.twoFactor.spendRecoveryCode(user.id, hashCode(code), this.clock.now()))) how = "recovery";
      }
      return how !== null;
    });
    if (!how) {
      await this.audit.record({ actorId: user.id, ip, action: "login.failed", details: { username: user.username, channel: "web", secondFactor: true, purpose } });
      throw new DomainError("UNAUTHENTICATED", "That code is not right.");
    }
    if (how === "recovery") await this.audit.record({ actorId: user.id, ip, action: "2fa.recovery-code", targetType: "user", targetId: String(user.id), details: { purpose } });
  }

  /**
   * The plain base32 secret of a row. Secrets stored in clear (before encryption at rest) are sealed on this first
   * read, so they migrate as their owners sign in.
   */
  private async secretOf(row: { userId: number; secret: string }): Promise<string> {
    if (SecretBox.isSealed(row.secret)) return this.box.open(row.secret);
    await this.uow.repos.twoFactor.replaceSecret(row.userId, row.secret, this.box.seal(row.secret));
    return row.secret;
  }

  /** The time step a 6-digit code belongs to (within the window), or null. */
  private matchingStep(secret: string, label: string, code: string): number | null {
    const token = code.replace(/\s/g, "");
    if (!/^\d{6}$/.test(token)) return null;
    const timestamp = this.clock.now().getTime();
    const generator = totp(secret, label);
    const delta = generator.validate({ token, timestamp, window: WINDOW });
    return delta === null ? null : generator.counter({ timestamp }) + delta;
  }

  private async ownUser(actor: Actor): Promise<UserRecord> {
    if (actor.link || actor.readOnly || actor.scopeNodeId !== undefined) throw new DomainError("FORBIDDEN", "Sign in to change your account.");
    const user = await this.uow.repos.users.findById(actor.userId);
    if (!user) throw new DomainError("NOT_FOUND", "No such user.");
    return user;
  }
}
