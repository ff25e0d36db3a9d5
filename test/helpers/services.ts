import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildServices, type Services } from "@/lib/container";
import { loadConfig } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Clock } from "@/lib/services/clock";
import { postgresForTests, throwawayPostgresDatabase } from "./postgres";

export type Provider = "sqlite" | "postgres";

export { PG_ADMIN_URL, throwawayPostgresDatabase } from "./postgres";

/** Providers to run service tests on: SQLite, and PostgreSQL when reachable (or required: see postgresForTests). */
export async function providers(): Promise<Provider[]> {
  return (await postgresForTests("running service tests on SQLite only")) ? ["sqlite", "postgres"] : ["sqlite"];
}

export interface TestHarness {
  services: Services;
  dataDir: string;
  close(): Promise<void>;
}

/** A migrated, empty database and data dir with fully wired services. */
export async function createHarness(provider: Provider, opts: Parameters<typeof buildServices>[1] = {}): Promise<TestHarness> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "haven-test-"));
  let databaseUrl = `file:${path.join(dataDir, "haven.db")}`;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (provider === "postgres") {
    const db = await throwawayPostgresDatabase();
    databaseUrl = db.url;
    dropDatabase = db.drop;
  }
  await migrateDatabase(databaseUrl, { log: () => undefined });
  const config = { ...loadConfig({ DATA_DIR: dataDir }), databaseUrl };
  const services = buildServices(config, opts);
  return {
    services,
    dataDir,
    async close() {
      await services.dailyCounters.stop();
      await services.uow.disconnect();
      await dropDatabase?.();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A mutable clock for tests. */
export class TestClock implements Clock {
  constructor(private current = new Date("2026-01-01T00:00:00Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
