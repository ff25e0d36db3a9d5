import "server-only";
import { DEFAULT_MAIL_FROM, type SmtpSettings } from "./mailer";

/**
 * SMTP settings from the environment: HAVEN_SMTP_URL, or HAVEN_SMTP_HOST with HAVEN_SMTP_PORT, HAVEN_SMTP_USER,
 * HAVEN_SMTP_PASS and HAVEN_SMTP_SECURE; HAVEN_MAIL_FROM for the sender. Null when neither URL nor host is set.
 */
export function smtpFromEnv(env: Record<string, string | undefined>): SmtpSettings | null {
  const url = env.HAVEN_SMTP_URL?.trim() || null;
  const host = env.HAVEN_SMTP_HOST?.trim() || null;
  if (!url && !host) return null;
  const secure = /^(1|true|yes|on)$/i.test(env.HAVEN_SMTP_SECURE ?? "");
  const port = env.HAVEN_SMTP_PORT ? Number(env.HAVEN_SMTP_PORT) : null;
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error(`HAVEN_SMTP_PORT is not a port: ${env.HAVEN_SMTP_PORT}`);
  return {
    url,
    host,
    port,
    secure,
    user: env.HAVEN_SMTP_USER || null,
    pass: env.HAVEN_SMTP_PASS || null,
    from: env.HAVEN_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM,
  };
}
