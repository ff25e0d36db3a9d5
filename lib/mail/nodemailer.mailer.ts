import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { DomainError } from "@/lib/domain/errors";
import type { MailMessage, Mailer, SmtpSettings } from "./mailer";

const TIMEOUT_MS = 15_000;

/** SMTP through nodemailer. Settings are resolved per message, so a change in Admin → Settings applies at once. */
export class NodemailerMailer implements Mailer {
  private transport: { key: string; transporter: Transporter<SMTPTransport.SentMessageInfo> } | null = null;

  constructor(private readonly settings: () => Promise<SmtpSettings | null>) {}

  async send(message: MailMessage): Promise<void> {
    const settings = await this.settings();
    if (!settings) throw new DomainError("UNAVAILABLE", "Mail is not set up on this server.");
    try {
      await this.transporterFor(settings).sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    } catch (e) {
      throw new DomainError("UNAVAILABLE", `The mail server refused the message: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private transporterFor(settings: SmtpSettings): Transporter<SMTPTransport.SentMessageInfo> {
    const key = JSON.stringify(settings);
    if (this.transport?.key === key) return this.transport.transporter;
    this.transport?.transporter.close();
    const timeouts = { connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS };
    const options: SMTPTransport.Options = settings.url
      ? { url: settings.url, ...timeouts }
      : {
          host: settings.host ?? "localhost",
          port: settings.port ?? (settings.secure ? 465 : 587),
          secure: settings.secure ?? false,
          auth: settings.user ? { user: settings.user, pass: settings.pass ?? "" } : undefined,
          ...timeouts,
        };
    const transporter = nodemailer.createTransport(options);
    this.transport = { key, transporter };
    return transporter;
  }
}
