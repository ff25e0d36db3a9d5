// Tree operations on a 10,240-file tree (issue 9 item 5): how long copy, trash, restore and purge take, and the
// longest time each keeps the event loop (and so every other request) waiting, beside the floor: one bare SQLite
// UPDATE of the same rows on its own connection. Run: npm run bench -- tree
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import Database from "better-sqlite3";
import { createHarness } from "../test/helpers/services";
import { makeUser, putFile } from "../test/helpers/factories";
import { printRows } from "./common";

const FILES = Number(process.env.TREE_FILES ?? 10_240);

async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; maxBlockMs: number; result: T }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  delay.disable();
  return { ms, maxBlockMs: delay.max / 1e6, result };
}

async function main(): Promise<void> {
  const h = await createHarness("sqlite");
  const { services } = h;
  const owner = await makeUser(services, { quota: null });
  const seed = await services.files.createFolder(owner.actor, owner.rootId, "seed");
  for (let i = 0; i < 10; i++) await putFile(services, owner.actor, seed.node.id, `f${i}.txt`, `file ${i}`);
  // Doubling copies: seed holds 10 files, then 20, … up to 10,240 in nested folders.
  let tree = seed.node.id;
  for (let files = 10; files < FILES; files *= 2) {
    const holder = await services.files.createFolder(owner.actor, owner.rootId, `t${files * 2}`);
    await services.files.copy(owner.actor, [tree], holder.node.id);
    await services.files.copy(owner.actor, [tree], holder.node.id);
    tree = holder.node.id;
  }
  const target = await services.files.createFolder(owner.actor, owner.rootId, "copies");
  const copy = await measure(() => services.files.copy(owner.actor, [tree], target.node.id));
  const trash = await measure(() => services.trash.trash(owner.actor, [tree]));
  const restore = await measure(() => services.trash.restore(owner.actor, [tree]));
  await services.trash.trash(owner.actor, [tree]);
  const purge = await measure(() => services.trash.purge(owner.actor, [tree]));

  // The floor: one UPDATE touching as many node rows, on a bare connection to the same file.
  const raw = new Database(path.join(h.dataDir, "haven.db"));
  const t0 = performance.now();
  raw.prepare(`UPDATE "Node" SET "updatedAt" = "updatedAt" WHERE "spaceId" = ? AND "parentId" IS NOT NULL`).run(owner.spaceId);
  const floorMs = performance.now() - t0;
  raw.close();

  const nodes = (await services.uow.repos.nodes.findManyByIds([target.node.id])).length;
  console.log(`tree of ${FILES} files (plus folders); copy target exists: ${nodes === 1}`);
  const ms = (x: number) => x.toFixed(1);
  printRows([
    ["operation", "total ms", "longest event-loop block ms"],
    ["copy", ms(copy.ms), ms(copy.maxBlockMs)],
    ["trash", ms(trash.ms), ms(trash.maxBlockMs)],
    ["restore", ms(restore.ms), ms(restore.maxBlockMs)],
    ["purge", ms(purge.ms), ms(purge.maxBlockMs)],
    ["bare UPDATE of the space's rows (floor)", ms(floorMs), ms(floorMs)],
  ]);
  await h.close();
}

await main();
