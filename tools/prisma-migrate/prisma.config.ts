// Prisma 6 configuration used only to author SQL migrations (scripts/new-migration.sh runs it).
//
// `engine: "js"` + an adapter makes `prisma migrate diff` use the WASM schema engine shipped inside the npm
// package, so no native schema engine is downloaded. Our diffs are schema-to-schema and never touch a
// database, so the adapter is a stub with no driver behind it: it satisfies the engine's start-up calls
// (connect, getConnectionInfo) and rejects any query with a clear message.
//
// The stub always reports provider "sqlite", also when the schema being diffed is PostgreSQL: the SQL is
// rendered by the connector of the schemas' own provider, and a "postgres" adapter would make the engine
// query the server version at start-up (and prepend `CREATE SCHEMA IF NOT EXISTS "public"`).
//
// Input (set by scripts/new-migration.sh): HAVEN_MIGRATE_SCHEMA, the temporary Prisma 6 schema being diffed.
// The CLI reads its generator's `engineType = "client"`, which stops it downloading a query engine; that
// read needs DATABASE_URL set (to anything) because the schema says `url = env("DATABASE_URL")`.
import { defineConfig } from "prisma/config";

function stubAdapter() {
  const noDatabase = async (): Promise<never> => {
    throw new Error("tools/prisma-migrate: the stub adapter has no database; only schema-to-schema diffs are supported");
  };
  const connection = {
    provider: "sqlite" as const,
    adapterName: "haven-migrate-stub",
    queryRaw: noDatabase,
    executeRaw: noDatabase,
    executeScript: noDatabase,
    startTransaction: noDatabase,
    getConnectionInfo: () => ({ supportsRelationJoins: false }),
    dispose: async () => undefined,
  };
  return {
    provider: "sqlite" as const,
    adapterName: "haven-migrate-stub",
    connect: async () => connection,
    connectToShadowDb: async () => connection,
  };
}

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: process.env.HAVEN_MIGRATE_SCHEMA,
  adapter: async () => stubAdapter(),
});
