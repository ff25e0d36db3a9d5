import pg from "pg";

/** The PostgreSQL server the tests use (CI and dev machines run one on 127.0.0.1:5432; scripts/test.sh may start one). */
export const PG_ADMIN_URL = process.env.HAVEN_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Whether the test server answers within 2 s. scripts/test-services.sh asks the same through this function. */
export async function postgresReachable(url = PG_ADMIN_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether tests may use PostgreSQL. When HAVEN_REQUIRE_POSTGRES=1 (CI and npm test set it after starting one) an
 * unreachable server throws; otherwise it is reported as `skipping` and the PostgreSQL cases are skipped.
 */
export async function postgresForTests(skipping: string): Promise<boolean> {
  if (await postgresReachable()) return true;
  if (process.env.HAVEN_REQUIRE_POSTGRES === "1") throw new Error(`PostgreSQL is required but not reachable at ${PG_ADMIN_URL}`);
  console.warn(`PostgreSQL not reachable at ${PG_ADMIN_URL}: ${skipping}.`);
  return false;
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
