import "server-only";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/permissions";
import { NodemailerMailer } from "@/lib/mail/nodemailer.mailer";
import { DEFAULT_MAIL_FROM, type Mailer, type SmtpSettings } from "@/lib/mail/mailer";
import type { UnitOfWork } from "@/lib/repositories";
import type { AuditService } from "./audit.service";
import { assertAdmin } from "./user.service";

/** What the admin sees: never the SMTP password, only whether one is stored. */
export interface SmtpView {
  /** where the settings in force come from */
  source: "settings" | "env" | "none";
  settings: Omit<SmtpSettings, "pass"> | null;
  hasPassword: boolean;
}

/** The admin's SMTP input; `pass` undefined keeps the stored one. */
export type SmtpInput = Omit<SmtpSettings, "pass"> & { pass?: string | null };

const SETTING_KEY = "smtp";

/**
 * Mail settings (Admin → Settings overrides the HAVEN_SMTP_* environment) and the site's mailer.
 * `mailer` is the SMTP one unless the composition root passes another (tests: one pointed at their SMTP server).
 */
export class MailService {
  readonly mailer: Mailer;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly envSettings: SmtpSettings | null,
    private readonly audit: AuditService,
    mailer?: Mailer,
  ) {
    this.mailer = mailer ?? new NodemailerMailer(() => this.effective());
  }

  /** The settings in force: the stored ones, else the environment's, else null (mail is off). */
  async effective(): Promise<SmtpSettings | null> {
    return (await this.uow.repos.settings.get<SmtpSettings>(SETTING_KEY)) ?? this.envSettings;
  }

  async view(actor: Actor): Promise<SmtpView> {
    assertAdmin(actor);
    const stored = await this.uow.repos.settings.get<SmtpSettings>(SETTING_KEY);
    const current = stored ?? this.envSettings;
    if (!current) return { source: "none", settings: null, hasPassword: false };
    const { pass, ...rest } = current;
    return { source: stored ? "settings" : "env", settings: rest, hasPassword: Boolean(pass) };
  }

  /** Stores SMTP settings that override the environment; null removes them (the environment applies again). */
  async save(actor: Actor, input: SmtpInput | null): Promise<SmtpView> {
    assertAdmin(actor);
    if (input === null) {
      await this.uow.repos.settings.remove(SETTING_KEY);
    } else {
      if (!input.url?.trim() && !input.host?.trim()) throw new DomainError("INVALID_INPUT", "Give the mail server's host name or an smtp:// URL.");
      if (input.url && !/^smtps?:\/\//i.test(input.url.trim())) throw new DomainError("INVALID_INPUT", "An SMTP URL starts with smtp:// or smtps://.");
      const stored = await this.uow.repos.settings.get<SmtpSettings>(SETTING_KEY);
      const next: SmtpSettings = {
        url: input.url?.trim() || null,
        host: input.host?.trim() || null,
        port: input.port ?? null,
        secure: input.secure ?? false,
        user: input.user?.trim() || null,
        pass: input.pass === undefined ? (stored?.pass ?? null) : input.pass || null,
        from: input.from?.trim() || DEFAULT_MAIL_FROM,
      };
      await this.uow.repos.settings.set(SETTING_KEY, next);
    }
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "settings.smtp", details: { cleared: input === null } });
    return this.view(actor);
  }

  /** Sends a test mail with the settings in force; the SMTP server's refusal comes back as UNAVAILABLE. */
  async sendTest(actor: Actor, to: string): Promise<void> {
    assertAdmin(actor);
    if (!/^[^\s@]+@[^\s@]+$/.test(to.trim())) throw new DomainError("INVALID_INPUT", "That email address does not look right.");
    await this.mailer.send({
      to: to.trim(),
      subject: "Haven test mail",
      text: "This is a test mail from Haven. If you can read it, Haven can send mail (password resets, invitations).\n",
    });
    await this.audit.record({ actorId: actor.userId, ip: actor.ip ?? null, action: "mail.test", details: { to: to.trim() } });
  }
}
