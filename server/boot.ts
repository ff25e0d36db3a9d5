import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HavenConfig } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";

/** AUTH_SECRET from the environment, or one generated once and kept in the data dir. */
export async function ensureAuthSecret(cfg: HavenConfig): Promise<void> {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(cfg.dataDir, "auth-secret");
  let secret = await readFile(file, "utf8").then((s) => s.trim(), () => "");
  if (!secret) {
    secret = randomBytes(32).toString("base64url");
    await writeFile(file, secret, { mode: 0o600, flag: "wx" }).catch(async () => {
      secret = (await readFile(file, "utf8")).trim();
    });
  }
  process.env.AUTH_SECRET = secret;
}

/** Prepares the data dir and database before anything serves. */
export async function boot(cfg: HavenConfig): Promise<void> {
  await mkdir(cfg.dataDir, { recursive: true });
  await ensureAuthSecret(cfg);
  process.env.AUTH_URL ??= `http://localhost:${cfg.port}`;
  const { applied } = await migrateDatabase(cfg.databaseUrl, { log: (m) => console.log(m) });
  if (applied.length > 0) console.log(`haven: applied migrations ${applied.join(", ")}`);
}
