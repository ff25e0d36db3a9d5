import "server-only";

/** One plain-text mail (with an optional HTML alternative) to one recipient. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail. The composition root wires the SMTP one; tests point it at a real SMTP server of their own. */
export interface Mailer {
  /** Resolves once the server accepted the message; throws DomainError UNAVAILABLE when mail is not set up or fails. */
  send(message: MailMessage): Promise<void>;
}

/** How to reach the SMTP server. `url` (smtp://user:pass@host:587, smtps://…:465) wins over the separate fields. */
export interface SmtpSettings {
  url?: string | null;
  host?: string | null;
  port?: number | null;
  /** implicit TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it */
  secure?: boolean;
  user?: string | null;
  pass?: string | null;
  /** the From header, e.g. "Haven <haven@example.com>" */
  from: string;
}

export const DEFAULT_MAIL_FROM = "Haven <haven@localhost>";
