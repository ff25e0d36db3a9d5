/**
 * The admin overview's server time on SQLite with 10,000 users and 1,000,000 nodes, beside bare SQL of the same
 * figures (better-sqlite3, no Prisma) measured in the same run. Target: the service under 300 ms.
 *
 *   node --import ./scripts/shims/hooks.mjs --import tsx bench/admin-dashboard.ts   (BENCH_USERS, BENCH_NODES to scale)
 *
 * Seeding is raw SQL in big transactions (about a minute); the database lives in a temp dir removed at the end.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { buildServices } from "@/lib/container";
import { loadConfig } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";
import { lastDays } from "@/lib/domain/day";
import { median, timeRuns } from "./common";

const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const NODES = Number(process.env.BENCH_NODES ?? 1_000_000);
const RUNS = 15;
const ts = (d: Date) => d.toISOString().replace("Z", "+00:00");

const time = (fn: () => unknown) => timeRuns(fn, RUNS);

function seed(file: string, policyId: number): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const now = ts(new Date());
  const perUser = Math.max(1, Math.floor(NODES / USERS) - 1);
  const insertUser = db.prepare(`INSERT INTO "User" ("username","displayName","email","passwordHash","role","createdAt","updatedAt","searchKey","emailKey") VALUES (?,?,?,?,?,?,?,?,?)`);
  const insertSpace = db.prepare(`INSERT INTO "Space" ("kind","name","ownerId","quota","usedBytes","policyId","createdAt") VALUES ('personal',?,?,NULL,?,?,?)`);
  const insertNode = db.prepare(`INSERT INTO "Node" ("spaceId","parentId","name","liveName","isFolder","size","path","etag","mtime","createdAt","updatedAt","sortKey","trashedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const setRoot = db.prepare(`UPDATE "Space" SET "rootNodeId" = ? WHERE "id" = ?`);
  const setPath = db.prepare(`UPDATE "Node" SET "path" = ? WHERE "id" = ?`);
  const batch = db.transaction((from: number, to: number) => {
    for (let u = from; u < to; u++) {
      const name = `bench${u}`;
      const userId = Number(insertUser.run(name, `Bench User ${u}`, `${name}@example.com`, "x", u % 500 === 0 ? "partner" : "user", now, now, `${name}\nbench user ${u}`, `${name}@example.com`).lastInsertRowid);
      const spaceId = Number(insertSpace.run(name, userId, perUser * 1000, policyId, now).lastInsertRowid);
      const rootId = Number(insertNode.run(spaceId, null, "", "", 1, perUser * 1000, "/", "e", now, now, now, "", null).lastInsertRowid);
      setPath.run(`/${rootId}/`, rootId);
      setRoot.run(rootId, spaceId);
      for (let i = 0; i < perUser; i++) {
        const id = Number(insertNode.run(spaceId, rootId, `f${i}`, i % 20 === 19 ? null : `f${i}`, i % 10 === 0 ? 1 : 0, 1000, "", "e", now, now, now, `f${i}`, i % 20 === 19 ? now : null).lastInsertRowid);
        setPath.run(`/${rootId}/${id}/`, id);
      }
    }
  });
  for (let u = 0; u < USERS; u += 500) batch(u, Math.min(USERS, u + 500));
  const days = lastDays(new Date(), 30);
  const insertDay = db.prepare(`INSERT INTO "DailyStat" ("day","uploads","uploadBytes","downloads","downloadBytes") VALUES (?,?,?,?,?)`);
  const insertSession = db.prepare(`INSERT INTO "Session" ("id","userId","createdAt","lastSeenAt","expiresAt") VALUES (?,?,?,?,?)`);
  const insertJob = db.prepare(`INSERT INTO "Job" ("type","payload","status","runAt","createdAt","updatedAt") VALUES ('bench','{}',?,?,?,?)`);
  db.transaction(() => {
    days.forEach((d, i) => insertDay.run(d, 100 + i, 1e6 * i, 200 + i, 2e6 * i));
    const later = ts(new Date(Date.now() + 86_400_000));
    for (let i = 0; i < 2000; i++) insertSession.run(`s${i}`, 1 + (i % USERS), now, now, later);
    for (let i = 0; i < 5000; i++) insertJob.run(["done", "done", "queued", "failed"][i % 4], now, now, now);
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
}

/** The same figures as AdminStatsService.overview, as bare SQL on one better-sqlite3 connection. */
function bareOverview(db: Database.Database, days: string[]) {
  return {
    users: db.prepare(`SELECT "role", "disabled", COUNT(*) AS n FROM "User" GROUP BY "role", "disabled"`).all(),
    spaces: db.prepare(`SELECT "kind", COUNT(*) AS n FROM "Space" GROUP BY "kind"`).all(),
    nodes: db.prepare(`SELECT "isFolder", COUNT(*) AS n FROM "Node" WHERE "trashedAt" IS NULL GROUP BY "isFolder"`).all(),
    policies: db.prepare(`SELECT p."id", p."name", SUM(s."usedBytes") AS bytes, COUNT(s."id") AS spaces FROM "StoragePolicy" p LEFT JOIN "Space" s ON s."policyId" = p."id" GROUP BY p."id"`).all(),
    days: db.prepare(`SELECT * FROM "DailyStat" WHERE "day" >= ? AND "day" <= ? ORDER BY "day"`).all(days[0], days.at(-1)),
    sessions: db.prepare(`SELECT COUNT(*) AS n FROM "Session" WHERE "revokedAt" IS NULL AND "expiresAt" > ?`).get(ts(new Date())),
    jobs: db.prepare(`SELECT "status", COUNT(*) AS n FROM "Job" GROUP BY "status"`).all(),
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "haven-admin-bench-"));
  try {
    const file = path.join(dir, "haven.db");
    const url = `file:${file}`;
    await migrateDatabase(url, { log: () => undefined });
    const services = buildServices({ ...loadConfig({ DATA_DIR: dir }), databaseUrl: url });
    const admin = await services.users.create(null, { username: "benchadmin", password: "bench-password-1", role: "admin" });
    const policyId = (await services.spaces.defaultPolicy()).id;
    const t0 = performance.now();
    seed(file, policyId);
    console.log(`seeded ${USERS} users and ${NODES} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const actor = { userId: admin.id, role: "admin" as const };
    const overview = await services.adminStats.overview(actor);
    console.log(`figures: users ${overview.users.total}, files ${overview.files}, folders ${overview.folders}, bytes ${overview.policies[0]?.bytes}, sessions ${overview.activeSessions}, jobs ${JSON.stringify(overview.jobs)}`);
    const service = await time(() => services.adminStats.overview(actor));
    const db = new Database(file, { readonly: true });
    const days = lastDays(new Date(), 30);
    const bare = await time(() => bareOverview(db, days));
    const fileCount = await time(() => db.prepare(`SELECT "isFolder", COUNT(*) AS n FROM "Node" WHERE "trashedAt" IS NULL GROUP BY "isFolder"`).all());
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT "isFolder", COUNT(*) AS n FROM "Node" WHERE "trashedAt" IS NULL GROUP BY "isFolder"`).all() as { detail: string }[];
    db.close();
    const users = await time(() => services.adminUsers.page(actor, { q: "bench9999", offset: 0, limit: 25 }));
    console.log(`\n                          median    min    max  (ms, ${RUNS} runs)`);
    const row = (label: string, xs: number[]) => console.log(`${label.padEnd(26)}${median(xs).toFixed(1).padStart(6)} ${Math.min(...xs).toFixed(1).padStart(6)} ${Math.max(...xs).toFixed(1).padStart(6)}`);
    row("overview service", service);
    row("bare SQL, same figures", bare);
    row("  of which: node counts", fileCount);
    row("users search + page", users);
    console.log(`\nnode count plan: ${plan.map((p) => p.detail).join("; ")}`);
    console.log(`target: overview service < 300 ms → ${median(service) < 300 ? "met" : "NOT met"}`);
    await services.uow.disconnect();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
