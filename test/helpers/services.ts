import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { buildServices, type Services } from "@/lib/container";
import { loadConfig } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Clock } from "@/lib/services/clock";

export type Provider = "sqlite" | "postgres";

/** The PostgreSQL server the tests use (CI and dev machines run one on 127.0.0.1:5432). */
export const PG_ADMIN_URL = process.env.HAVEN_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Providers to run service tests on. PostgreSQL is required when HAVEN_REQUIRE_POSTGRES=1 (CI and npm test set it
 * after starting one); otherwise an unreachable server is reported and skipped.
 */
export async function providers(): Promise<Provider[]> {
  if (await postgresReachable()) return ["sqlite", "postgres"];
  if (process.env.HAVEN_REQUIRE_POSTGRES === "1") throw new Error(`PostgreSQL is required but not reachable at ${PG_ADMIN_URL}`);
  console.warn(`PostgreSQL not reachable at ${PG_ADMIN_URL}: running service tests on SQLite only.`);
  return ["sqlite"];
}

/** A fresh, empty PostgreSQL database on the test server, and how to drop it. */
export async function throwawayPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `haven_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
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
