/**
 * Name search over 1,000,000 nodes on SQLite: SearchService.search (server time, in process: areas from the access
 * rule, the index query through Prisma, loading the page, the access re-check and the paths) beside the bare SQL of the
 * same index query (better-sqlite3, no Prisma) measured in the same run. Target: the service under 100 ms.
 *
 *   npm run bench -- search        (or: node --import ./scripts/shims/hooks.mjs --import tsx bench/search.ts)
 *
 * The tree: alice's space (200k nodes) and a team she is in (300k), 500 other people's spaces (1,000 each), and bob's
 * small space with one folder of alice's shared to him. Names are drawn from a fixed vocabulary, so the figures repeat.
 * Seeding is raw SQL in big transactions with the index triggers live (as in production); the database lives in a
 * temp dir removed at the end. BENCH_NODES scales the tree.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { buildServices } from "@/lib/container";
import { loadConfig } from "@/lib/config";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Actor } from "@/lib/domain/permissions";
import type { SearchInput } from "@/lib/services/search.service";
import { median, timeRuns } from "./common";

const NODES = Number(process.env.BENCH_NODES ?? 1_000_000);
const RUNS = 15;
const PER_FOLDER = 100;
const WORDS = ["report", "invoice", "photo", "holiday", "budget", "draft", "final", "summary", "notes", "project", "meeting", "plan", "contract", "scan", "backup", "design", "报告", "照片", "会议", "设计"];
const EXTENSIONS = ["pdf", "docx", "jpg", "png", "txt", "md", "xlsx", "mp4", "zip", "heic"];
const ts = (d: Date) => d.toISOString().replace("Z", "+00:00");

const time = (fn: () => unknown) => timeRuns(fn, RUNS, 1);

/**
 * A deterministic name: two words, a number, an extension; one in 10,000 contains "zebrafish"; in other people's
 * spaces (`others`) one in ten starts with "orchid", a word alice and bob never have.
 */
function nameOf(n: number, others: boolean): string {
  const h = (n * 2654435761) >>> 0;
  const rare = h % 10_000 === 7 ? "zebrafish-" : others && h % 10 === 3 ? "orchid-" : "";
  return `${rare}${WORDS[h % WORDS.length]}_${WORDS[(h >>> 8) % WORDS.length]} ${h % 100_000}.${EXTENSIONS[(h >>> 16) % EXTENSIONS.length]}`;
}

/** Fills a space below its root: folders of PER_FOLDER entries, two levels deep. Returns the folder ids. */
function fillSpace(db: Database.Database, space: { id: number; rootId: number; creatorId: number | null }, count: number, next: () => number): number[] {
  const insert = db.prepare(
    `INSERT INTO "Node" ("id","spaceId","parentId","name","liveName","isFolder","size","mimeType","path","etag","mtime","createdAt","updatedAt","sortKey","creatorId") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const now = ts(new Date());
  const folders: number[] = [];
  let made = 0;
  const add = (parentId: number, parentPath: string, isFolder: boolean, name: string) => {
    const id = next();
    const p = `${parentPath}${id}/`;
    insert.run(id, space.id, parentId, name, name, isFolder ? 1 : 0, isFolder ? 0 : 1000, isFolder ? null : "application/octet-stream", p, "e", now, now, now, name, space.creatorId);
    made++;
    return { id, path: p };
  };
  const rootPath = `/${space.rootId}/`;
  for (let top = 0; made < count; top++) {
    const a = add(space.rootId, rootPath, true, `folder ${top}`);
    folders.push(a.id);
    for (let sub = 0; sub < PER_FOLDER && made < count; sub++) {
      const b = add(a.id, a.path, true, `${WORDS[sub % WORDS.length]} ${top}-${sub}`);
      folders.push(b.id);
      for (let f = 0; f < PER_FOLDER && made < count; f++) add(b.id, b.path, false, nameOf(made, space.creatorId === null));
    }
  }
  return folders;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "haven-search-bench-"));
  try {
    const file = path.join(dir, "haven.db");
    const url = `file:${file}`;
    await migrateDatabase(url, { log: () => undefined });
    const services = buildServices({ ...loadConfig({ DATA_DIR: dir }), databaseUrl: url });
    const alice = await services.users.create(null, { username: "alice", password: "bench-password-1" });
    const bob = await services.users.create(null, { username: "bob", password: "bench-password-1" });
    const team = await services.teams.create(null, { name: "Bench team", ownerId: alice.id });
    const aliceSpace = await services.spaces.personalSpace(alice.id);
    const bobSpace = await services.spaces.personalSpace(bob.id);
    const teamRoot = (await services.uow.repos.spaces.findById(team.id))!.rootNodeId!;
    const policyId = (await services.spaces.defaultPolicy()).id;

    const t0 = performance.now();
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    let id = (db.prepare(`SELECT MAX("id") AS m FROM "Node"`).get() as { m: number }).m;
    const next = () => ++id;
    const scale = NODES / 1_000_000;
    const others = Math.round(500 * scale);
    const aliceFolders = db.transaction(() => fillSpace(db, { id: aliceSpace.id, rootId: aliceSpace.rootNodeId!, creatorId: alice.id }, Math.round(200_000 * scale), next))();
    db.transaction(() => fillSpace(db, { id: team.id, rootId: teamRoot, creatorId: alice.id }, Math.round(300_000 * scale), next))();
    db.transaction(() => fillSpace(db, { id: bobSpace.id, rootId: bobSpace.rootNodeId!, creatorId: bob.id }, 1000, next))();
    const insertSpace = db.prepare(`INSERT INTO "Space" ("kind","name","policyId","createdAt") VALUES ('personal',?,?,?)`);
    const insertRoot = db.prepare(`INSERT INTO "Node" ("id","spaceId","parentId","name","isFolder","path","etag","mtime","createdAt","updatedAt") VALUES (?,?,NULL,'',1,?,'e',?,?,?)`);
    for (let u = 0; u < others; u += 50) {
      db.transaction(() => {
        for (let k = u; k < Math.min(others, u + 50); k++) {
          const now = ts(new Date());
          const spaceId = Number(insertSpace.run(`other${k}`, policyId, now).lastInsertRowid);
          const rootId = next();
          insertRoot.run(rootId, spaceId, `/${rootId}/`, now, now, now);
          fillSpace(db, { id: spaceId, rootId, creatorId: null }, 999, next);
        }
      })();
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
    db.exec("ANALYZE");
    const total = (db.prepare(`SELECT COUNT(*) AS n FROM "Node"`).get() as { n: number }).n;
    console.log(`seeded ${total} nodes (FTS5 trigram name index kept by its triggers) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sizes = db.prepare(`SELECT name, SUM(pgsize) AS bytes FROM dbstat WHERE name IN ('Node', 'NodeNameFts_data', 'NodeNameFts_idx') GROUP BY name`).all() as { name: string; bytes: number }[];
    console.log(`sizes: ${sizes.map((s) => `${s.name} ${(s.bytes / 1e6).toFixed(0)} MB`).join(", ")}`);
    db.close();

    // One of alice's folders shared with bob.
    const sharedFolder = aliceFolders[5]!;
    await services.shareGrants.grant({ userId: alice.id, role: "user" }, sharedFolder, { userId: bob.id, permission: "view" });
    const deepFolder = aliceFolders[aliceFolders.length - 3]!;

    const asAlice: Actor = { userId: alice.id, role: "user" };
    const asBob: Actor = { userId: bob.id, role: "user" };
    const read = new Database(file, { readonly: true });
    // The statements SqliteSearchRepository issues for these cases (wide: the trigram index drives; narrow: the areas'
    // rows through the space and path indexes), without Prisma, the access re-check or the paths.
    const where = `n."trashedAt" IS NULL AND n."parentId" IS NOT NULL`;
    const wide = read.prepare(`SELECT n."id" FROM "NodeNameFts" f CROSS JOIN "Node" n ON n."id" = f.rowid
      WHERE "NodeNameFts" MATCH ? AND instr(lower(n."name"), ?) > 0 AND ${where} AND (+n."spaceId" = ? OR +n."spaceId" = ?) ORDER BY f.rowid DESC LIMIT 51`);
    const wide2 = read.prepare(`SELECT n."id" FROM "NodeNameFts" f CROSS JOIN "Node" n ON n."id" = f.rowid
      WHERE "NodeNameFts" MATCH ? AND instr(lower(n."name"), ?) > 0 AND instr(lower(n."name"), ?) > 0 AND ${where} AND (+n."spaceId" = ? OR +n."spaceId" = ?) ORDER BY f.rowid DESC LIMIT 51`);
    const scan = read.prepare(`SELECT n."id" FROM "Node" n WHERE instr(lower(n."name"), ?) > 0 AND ${where} AND (+n."spaceId" = ? OR +n."spaceId" = ?) ORDER BY n."id" DESC LIMIT 51`);
    const narrow = read.prepare(`SELECT n."id" FROM "Node" n WHERE instr(lower(n."name"), ?) > 0 AND ${where} AND (n."spaceId" = ? OR (n."path" >= ? AND n."path" < ?)) ORDER BY n."id" DESC LIMIT 51`);
    const narrowFolder = read.prepare(`SELECT n."id" FROM "Node" n WHERE instr(lower(n."name"), ?) > 0 AND ${where} AND n."id" <> ? AND (n."path" >= ? AND n."path" < ?) ORDER BY n."id" DESC LIMIT 51`);
    const sharedPath = (await services.uow.repos.nodes.findById(sharedFolder))!.path;
    const deepPath = (await services.uow.repos.nodes.findById(deepFolder))!.path;
    const after = (p: string) => `${p.slice(0, -1)}0`;

    const cases: { label: string; actor: Actor; input: SearchInput; bare: () => unknown }[] = [
      { label: "alice, all, rare word", actor: asAlice, input: { q: "zebrafish", scope: "all" }, bare: () => wide.all('"zebrafish"', "zebrafish", aliceSpace.id, team.id) },
      { label: "alice, all, common word", actor: asAlice, input: { q: "report", scope: "all" }, bare: () => wide.all('"report"', "report", aliceSpace.id, team.id) },
      { label: "alice, all, two words", actor: asAlice, input: { q: "final budget", scope: "all" }, bare: () => wide2.all('"final" "budget"', "final", "budget", aliceSpace.id, team.id) },
      { label: "alice, word only others have", actor: asAlice, input: { q: "orchid", scope: "all" }, bare: () => wide.all('"orchid"', "orchid", aliceSpace.id, team.id) },
      { label: "alice, all, 2-char CJK (scan)", actor: asAlice, input: { q: "报告", scope: "all" }, bare: () => scan.all("报告", aliceSpace.id, team.id) },
      { label: "alice, one folder", actor: asAlice, input: { q: "report", scope: "folder", folderId: deepFolder }, bare: () => narrowFolder.all("report", deepFolder, deepPath, after(deepPath)) },
      { label: "bob (1k + a share), common", actor: asBob, input: { q: "report", scope: "all" }, bare: () => narrow.all("report", bobSpace.id, sharedPath, after(sharedPath)) },
      { label: "bob, word he lacks", actor: asBob, input: { q: "zebrafish", scope: "all" }, bare: () => narrow.all("zebrafish", bobSpace.id, sharedPath, after(sharedPath)) },
    ];
    console.log(`\n                                 service (ms)            bare SQL (ms)     results`);
    console.log(`                                 median    min    max   median    min`);
    const medians: number[] = [];
    for (const c of cases) {
      const page = await services.search.search(c.actor, c.input);
      const service = await time(() => services.search.search(c.actor, c.input));
      const bare = await time(c.bare);
      medians.push(median(service));
      const bareCols = `${median(bare).toFixed(1).padStart(8)} ${Math.min(...bare).toFixed(1).padStart(6)}`;
      console.log(`${c.label.padEnd(32)}${median(service).toFixed(1).padStart(7)} ${Math.min(...service).toFixed(1).padStart(6)} ${Math.max(...service).toFixed(1).padStart(6)} ${bareCols}   ${String(page.items.length).padStart(4)}${page.nextCursor ? "+" : ""}`);
    }
    read.close();
    console.log(`\ntarget: name search < 100 ms server time → ${Math.max(...medians) < 100 ? "met in every case (medians)" : "NOT met in every case"}`);
    await services.uow.disconnect();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
