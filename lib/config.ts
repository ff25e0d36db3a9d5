import "server-only";
import path from "node:path";
import type { SmtpSettings } from "./mail/mailer";
import { smtpFromEnv } from "./mail/smtp-config";

/** Process configuration, read once from the environment (set by scripts/start.sh or the container). */
export interface HavenConfig {
  dataDir: string;
  databaseUrl: string;
  port: number;
  host: string;
  /** Default personal-space quota in bytes for new users (site setting overrides). */
  defaultQuota: number;
  /** SMTP from HAVEN_SMTP_* (Admin → Settings overrides it); null = mail off */
  smtp: SmtpSettings | null;
}

const GiB = 1024 ** 3;

export function loadConfig(env: Record<string, string | undefined> = process.env): HavenConfig {
  const dataDir = path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR ?? "./data");
  return {
    dataDir,
    databaseUrl: env.DATABASE_URL || `file:${path.join(dataDir, "haven.db")}`,
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? "0.0.0.0",
    defaultQuota: env.HAVEN_DEFAULT_QUOTA ? Number(env.HAVEN_DEFAULT_QUOTA) : 100 * GiB,
    smtp: smtpFromEnv(env),
  };
}

let cached: HavenConfig | undefined;
export function config(): HavenConfig {
  return (cached ??= loadConfig());
}
