// `npx tsx scripts/migrate.ts`: applies pending migrations (prisma/migrations/<provider>/) to the database in
// DATABASE_URL, default file:${DATA_DIR:-./data}/haven.db. The server also does this at start (server/boot.ts).
import path from "node:path";
import { migrateDatabase, providerOf, sqlitePath } from "../lib/db/migrate";

const url = process.env.DATABASE_URL || `file:${path.resolve(process.env.DATA_DIR || "./data", "haven.db")}`;

function describe(u: string): string {
  if (providerOf(u) === "sqlite") return `SQLite ${sqlitePath(u)}`;
  const p = new URL(u);
  return `PostgreSQL ${p.hostname}${p.port ? `:${p.port}` : ""}${p.pathname}`;
}

try {
  console.log(`migrate: ${describe(url)}`);
  const { applied } = await migrateDatabase(url, { log: (m) => console.log(m) });
  console.log(applied.length ? `migrate: applied ${applied.length}: ${applied.join(", ")}` : "migrate: database is up to date");
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
