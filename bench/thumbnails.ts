// Thumbnails (issue 12), two figures beside same-run references. Run: npm run bench -- thumbnails
//  1. Per image: ThumbnailService.renderBlob (read the blob, render 1024 and 256, store both through the storage
//     driver, two rows) beside sharp alone making the same two WebP sizes from the same file (goal ≤ 1.3×).
//  2. The drive's grid and list views in Debian's Chromium (1280×800), on a folder of 100,000 photos (seeded with raw
//     SQL, each pointing at one of a few real, rendered images) beside a 500-entry folder:
//     a. the walk: scrolled top to bottom 800 px a frame, loading every page on the way (it proves paging reaches the
//        last entry): time to the end, stalls, frames slower than 50 ms, long tasks (PerformanceObserver "longtask",
//        main thread busy > 50 ms: count, total, longest). 800 px a frame is ~50 screens a second: no user scrolls so.
//     b. what a user sees: once every page is loaded, windows of BENCH_GRID_SAMPLE_MS (3 s) of steady scrolling at
//        BENCH_GRID_FLING_PX (100) px per 16.7 ms frame (a brisk fling, ~2–4 screens a second), time-based and turning
//        back at either end, starting at BENCH_GRID_DEPTHS (0,0.25,0.5,0.75,1: start, 25k, 50k, 75k, last entry) of the
//        scroll range, each after 1.5 s to settle. Frames from rAF timestamps: "dropped" = a gap over 1.5 vsyncs
//        (25 ms, at least one 16.7 ms frame missed), "missed vsyncs" = Σ round(gap / 16.7) − 1, "> 50 ms"; long tasks
//        inside the window. scrollTop is set from rAF, so every frame needs the main thread: the strict reading.
//     BENCH_GRID_REF=<root of a reference build> (its dist/ and .next/, e.g. a worktree of main) runs the same, first,
//     on that build: a same-run A/B. BENCH_GRID_PROFILE=<file>: a Chromium CPU profile (.cpuprofile) of the large
//     folder's walk (BENCH_GRID_PROFILE_PART=fling: of its fling windows instead), of the last build run.
//     Other knobs: BENCH_GRID_VIEWS=grid|list, BENCH_GRID_ENTRIES, BENCH_GRID_MAX_MS (walk cap), BENCH_GRID_LOG=1 (every
//     listing request), BENCH_GRID_CHECK=1 (the server's paging walked alone; the list's state and the page's weight,
//     i.e. elements, JS heap and the time of one forced layout, before and after the walk), BENCH_GRID_TRACE=<file>
//     (with BENCH_GRID_CHECK: a Chromium trace of that forced layout after the walk).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { chromium, type Page } from "@playwright/test";
import sharp from "sharp";
import { sortKeyOf } from "@/lib/domain/sort-key";
import { createHarness } from "../test/helpers/services";
import { makeUser, putFile } from "../test/helpers/factories";
import { freePort } from "../test/helpers/haven-server";
import { median, printRows, ROOT } from "./common";
import { DROPPED_GAP_MS, FLING_SCRIPT, WALK_SCRIPT, type FlingResult, type WalkResult } from "./grid-scroll";
import { BenchHaven } from "./haven";

const ROUNDS = Number(process.env.BENCH_THUMB_ROUNDS ?? 3);
const ENTRIES = Number(process.env.BENCH_GRID_ENTRIES ?? 100_000);
/** BENCH_GRID_VIEWS=grid or list scrolls one view only (each takes minutes on a loaded machine). */
/** BENCH_GRID_MAX_MS: the longest one scroll may take (10 minutes). */
const MAX_SCROLL_MS = Number(process.env.BENCH_GRID_MAX_MS ?? 600_000);
const SAMPLE_MS = Number(process.env.BENCH_GRID_SAMPLE_MS ?? 3000);
const FLING_PX = Number(process.env.BENCH_GRID_FLING_PX ?? 100);
const DEPTHS = (process.env.BENCH_GRID_DEPTHS ?? "0,0.25,0.5,0.75,1").split(",").map(Number);
const VIEWS = (process.env.BENCH_GRID_VIEWS ?? "grid,list").split(",").filter((v): v is "grid" | "list" => v === "grid" || v === "list");

/** Camera-like inputs: noisy (so they compress like photos), large, some with an EXIF orientation. */
async function images(): Promise<{ name: string; bytes: Buffer }[]> {
  const out: { name: string; bytes: Buffer }[] = [];
  const noisy = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } });
  for (let i = 0; i < 12; i++) out.push({ name: `camera-${i}.jpg`, bytes: await noisy(4000, 3000).jpeg({ quality: 88 }).withMetadata({ orientation: i % 3 === 0 ? 6 : 1 }).toBuffer() });
  for (let i = 0; i < 4; i++) out.push({ name: `screen-${i}.png`, bytes: await noisy(2000, 1500).png().toBuffer() });
  for (let i = 0; i < 4; i++) out.push({ name: `phone-${i}.webp`, bytes: await noisy(3000, 2000).webp({ quality: 85 }).toBuffer() });
  return out;
}

/** Sharp alone: the same two renditions, each straight from the file (what a plain script would do). */
async function sharpAlone(file: string): Promise<void> {
  for (const [size, quality] of [[1024, 80], [256, 78]] as const) {
    await sharp(file, { limitInputPixels: 100_000_000, failOn: "none", pages: 1 }).rotate().resize({ width: size, height: size, fit: "inside", withoutEnlargement: true }).webp({ quality }).toBuffer();
  }
}

async function perImage(): Promise<string[][]> {
  const h = await createHarness("sqlite");
  try {
    const { services } = h;
    const owner = await makeUser(services, { quota: null });
    const inputs = await images();
    const files: { name: string; blobId: number; path: string; bytes: number }[] = [];
    for (const { name, bytes } of inputs) {
      const node = await putFile(services, owner.actor, owner.rootId, name, bytes);
      const version = (await services.uow.repos.blobs.findVersion(node.currentVersionId!))!;
      const blob = (await services.uow.repos.blobs.findById(version.blobId))!;
      const policy = (await services.uow.repos.spaces.policyById(blob.policyId))!;
      files.push({ name, blobId: blob.id, path: services.storage.driverFor(policy).localPath(blob.key), bytes: bytes.length });
    }
    const serviceMs: number[][] = files.map(() => []);
    const sharpMs: number[][] = files.map(() => []);
    const time = async (work: () => Promise<unknown>) => {
      const t0 = performance.now();
      await work();
      return performance.now() - t0;
    };
    await sharpAlone(files[0]!.path); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, f] of files.entries()) {
        // Alternate which goes first, so neither always meets a warm cache.
        const runService = async () => serviceMs[i]!.push(await time(() => services.thumbnails.renderBlob(f.blobId, { force: true })));
        const runSharp = async () => sharpMs[i]!.push(await time(() => sharpAlone(f.path)));
        if ((round + i) % 2 === 0) await runService().then(runSharp);
        else await runSharp().then(runService);
      }
    }
    const rows = files.map((f, i) => [f.name, `${(f.bytes / 1e6).toFixed(1)} MB`, median(serviceMs[i]!).toFixed(0), median(sharpMs[i]!).toFixed(0), (median(serviceMs[i]!) / median(sharpMs[i]!)).toFixed(2)]);
    const total = (xs: number[][]) => xs.reduce((s, x) => s + median(x), 0);
    rows.push(["all (per image)", "", (total(serviceMs) / files.length).toFixed(0), (total(sharpMs) / files.length).toFixed(0), (total(serviceMs) / total(sharpMs)).toFixed(2)]);
    return rows;
  } finally {
    await h.close();
  }
}

/** Seeds `count` photos into a new folder of the user's space with raw SQL, each a version of one of `blobIds`. */
function seedFolder(dbFile: string, spaceId: number, parent: { id: number; path: string }, name: string, count: number, blobIds: number[]): number {
  const db = new Database(dbFile);
  db.pragma("busy_timeout = 10000");
  const now = new Date().toISOString().replace("Z", "+00:00");
  const insertNode = db.prepare(`INSERT INTO "Node" ("spaceId","parentId","name","liveName","isFolder","size","mimeType","path","etag","mtime","createdAt","updatedAt","sortKey") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const setPath = db.prepare(`UPDATE "Node" SET "path" = ? WHERE "id" = ?`);
  const insertVersion = db.prepare(`INSERT INTO "FileVersion" ("nodeId","blobId","size","sha256","mtime","createdAt") VALUES (?,?,?,?,?,?)`);
  const setVersion = db.prepare(`UPDATE "Node" SET "currentVersionId" = ? WHERE "id" = ?`);
  const folderId = db.transaction(() => {
    const id = Number(insertNode.run(spaceId, parent.id, name, name, 1, 0, null, "", `f${Date.now()}`, now, now, now, sortKeyOf(name)).lastInsertRowid);
    setPath.run(`${parent.path}${id}/`, id);
    return id;
  })();
  const folderPath = `${parent.path}${folderId}/`;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const file = `IMG_${String(i).padStart(6, "0")}.jpg`;
      const id = Number(insertNode.run(spaceId, folderId, file, file, 0, 1000, "image/jpeg", "", `e${i}`, now, now, now, sortKeyOf(file)).lastInsertRowid);
      setPath.run(`${folderPath}${id}/`, id);
      setVersion.run(Number(insertVersion.run(id, blobIds[i % blobIds.length]!, 1000, "0".repeat(64), now, now).lastInsertRowid), id);
    }
  });
  for (let from = 0; from < count; from += 10_000) batch(from, Math.min(count, from + 10_000));
  db.close();
  return folderId;
}

type Fling = { depth: number; result: FlingResult };

/**
 * Walks the folder at `url` to its end, then flings at each of DEPTHS (method: the file header). Logs
 * (BENCH_GRID_LOG=1) every listing request: its cursor, status and time, so a walk that stops early shows why (a
 * failed page, a refetch of every page, a page never asked for). `profile`: this folder's walk or flings are profiled.
 */
async function scrollThrough(page: Page, url: string, lastName: string, profile: boolean): Promise<{ walk: WalkResult; flings: Fling[] }> {
  const log = process.env.BENCH_GRID_LOG === "1";
  const listing = { pages: 0, refetchedFirst: 0, failed: [] as string[] };
  const sent = new Map<string, number>();
  const onRequest = (request: import("@playwright/test").Request) => {
    if (request.url().includes("/children?")) sent.set(request.url(), performance.now());
  };
  const onResponse = (response: import("@playwright/test").Response) => {
    const u = response.url();
    if (!u.includes("/children?")) return;
    const cursor = new URL(u).searchParams.get("cursor");
    listing.pages++;
    if (!cursor && listing.pages > 1) listing.refetchedFirst++;
    if (!response.ok()) listing.failed.push(`${response.status()} ${u}`);
    if (log) console.log(`  [listing] ${response.status()} ${cursor ? `cursor …${cursor.slice(-12)}` : "first page"} ${(performance.now() - (sent.get(u) ?? 0)).toFixed(0)} ms`);
  };
  const onFailed = (request: import("@playwright/test").Request) => {
    if (request.url().includes("/children?")) listing.failed.push(`${request.failure()?.errorText ?? "failed"} ${request.url()}`);
  };
  page.on("request", onRequest);
  page.on("response", onResponse);
  page.on("requestfailed", onFailed);
  try {
    await page.goto(url);
    await page.locator('[data-testid="file-list"][aria-busy="false"]').waitFor();
    // BENCH_GRID_CHECK=1: the page's weight before and after the walk (elements, JS heap, one forced layout).
    const weight = () => page.evaluate(() => { const s = document.querySelector('[data-testid="file-list"]') as HTMLElement; const t0 = performance.now(); s.style.paddingTop = "1px"; void s.scrollTop; s.style.paddingTop = ""; void s.scrollTop; return { elements: document.getElementsByTagName("*").length, imgs: document.images.length, heapMB: Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6), layoutMs: Math.round(performance.now() - t0) }; });
    if (process.env.BENCH_GRID_CHECK === "1") console.log("  before the walk", JSON.stringify(await weight()));
    const part = process.env.BENCH_GRID_PROFILE_PART === "fling" ? "fling" : "walk";
    const result = (await profiled(page, profile && part === "walk", () => page.evaluate(WALK_SCRIPT(lastName, MAX_SCROLL_MS)))) as WalkResult;
    if (process.env.BENCH_GRID_CHECK === "1") {
      const state = () => page.evaluate(() => { const s = document.querySelector('[data-testid="file-list"]')!; const t = [...document.querySelectorAll('[data-testid="node-row"]')]; return { top: s.scrollTop, h: s.scrollHeight, ch: s.clientHeight, busy: s.getAttribute("aria-busy"), first: t[0]?.getAttribute("data-name"), last: t.at(-1)?.getAttribute("data-name"), n: t.length }; });
      console.log("  state at end", JSON.stringify(await state()), JSON.stringify(await weight()));
      if (process.env.BENCH_GRID_TRACE) {
        await page.context().browser()!.startTracing(page, { categories: ["devtools.timeline", "blink", "disabled-by-default-devtools.timeline", "disabled-by-default-blink.debug.layout"] });
        console.log("  traced", JSON.stringify(await weight()));
        const { writeFile } = await import("node:fs/promises");
        await writeFile(process.env.BENCH_GRID_TRACE, await page.context().browser()!.stopTracing());
      }
      await page.evaluate(() => document.querySelector('[data-testid="file-list"]')!.dispatchEvent(new Event("scroll")));
      await new Promise((r) => setTimeout(r, 3000));
      console.log("  after a scroll event", JSON.stringify(await state()), listing.pages);
    }
    console.log(`  ${url}: ${listing.pages} listing responses, ${listing.refetchedFirst} refetches of the first page, ${listing.failed.length} failed; ${result.reachedEnd ? "reached the end" : `stopped at ${result.lastName} after ${(result.ms / 1000).toFixed(0)} s (busy: ${result.busy})`}, ${(result.stalledMs / 1000).toFixed(1)} s stalled`);
    for (const f of listing.failed.slice(0, 10)) console.log(`    failed: ${f}`);
    const flings = await profiled(page, profile && part === "fling", async () => {
      const out: Fling[] = [];
      for (const depth of DEPTHS) out.push({ depth, result: (await page.evaluate(FLING_SCRIPT(depth, SAMPLE_MS, FLING_PX))) as FlingResult });
      return out;
    });
    return { walk: result, flings };
  } finally {
    page.off("request", onRequest);
    page.off("response", onResponse);
    page.off("requestfailed", onFailed);
  }
}

/** BENCH_GRID_PROFILE=<file>: a Chromium CPU profile (.cpuprofile) of `run` when `wanted`. */
async function profiled<T>(page: Page, wanted: boolean, run: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_GRID_PROFILE;
  if (!file || !wanted) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
  const r = await run();
  const { profile } = await cdp.send("Profiler.stop");
  const { writeFile } = await import("node:fs/promises");
  await writeFile(file, JSON.stringify(profile));
  return r;
}

type GridRows = { walks: string[][]; flings: string[][] };

/** Both tables' rows for the build at `buildRoot` (its dist/ and .next/), labelled `build`; `profile`: see BENCH_GRID_PROFILE. */
async function gridScroll(buildRoot: string, build: string, profile: boolean): Promise<GridRows> {
  const dataDir = await mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), "haven-grid-"));
  const haven = await BenchHaven.start(buildRoot, dataDir, await freePort());
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const admin = { username: "admin", password: "admin-password-1", displayName: "Bench" };
    const setup = await fetch(`${haven.url}/api/setup`, { method: "POST", headers: { "content-type": "application/json", origin: haven.url }, body: JSON.stringify(admin) });
    if (!setup.ok) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: haven.url });
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator('input[name="username"]').fill(admin.username);
    await page.locator('input[name="password"]').fill(admin.password);
    await page.getByTestId("login-submit").click();
    await page.waitForURL(/\/files$/);
    const me = (await (await page.request.get("/api/me")).json()) as { space: { spaceId: number; rootId: number } };
    // A few real photos, uploaded through the API and rendered by the job, that the seeded entries point at.
    const blobIds: number[] = [];
    for (let i = 0; i < 12; i++) {
      const bytes = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: (i * 40) % 256, g: 120, b: 200 - i * 10 } } }).jpeg().toBuffer();
      const put = await page.request.put(`/dav/seed-${i}.jpg`, { data: bytes, headers: { authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString("base64")}` } });
      if (!put.ok()) throw new Error(`seed upload: ${put.status()}`);
    }
    const db = path.join(dataDir, "haven.db");
    const reader = new Database(db, { readonly: true });
    for (const r of reader.prepare(`SELECT v."blobId" AS id FROM "Node" n JOIN "FileVersion" v ON v."id" = n."currentVersionId" WHERE n."name" LIKE 'seed-%'`).all() as { id: number }[]) blobIds.push(r.id);
    const root = reader.prepare(`SELECT "id", "path" FROM "Node" WHERE "id" = ?`).get(me.space.rootId) as { id: number; path: string };
    reader.close();
    const folders = [500, ENTRIES].map((count) => ({ count, id: seedFolder(db, me.space.spaceId, root, `grid-${count}`, count, blobIds) }));
    await new Promise((r) => setTimeout(r, 5000)); // the render jobs of the seed photos
    // BENCH_GRID_CHECK=1: the server's paging walked alone first (each folder's pages, total and last entry), and the
    // list's state printed when a scroll stops.
    if (process.env.BENCH_GRID_CHECK === "1") {
      for (const { id } of folders) {
        let cursor: string | null = null, n = 0, pages = 0, last = "";
        do {
          const res = await page.request.get(`/api/nodes/${id}/children?sort=name&order=asc&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
          const body = (await res.json()) as { items: { name: string }[]; nextCursor: string | null; total: number };
          n += body.items.length; pages++; last = body.items.at(-1)?.name ?? last; cursor = body.nextCursor;
          if (pages === 1 || !cursor) console.log(`  check ${id}: page ${pages} total=${body.total} n=${n} last=${last} next=${cursor ? "yes" : "no"}`);
        } while (cursor);
      }
    }
    const rows: GridRows = { walks: [], flings: [] };
    for (const [v, view] of VIEWS.entries()) {
      await page.evaluate((v) => localStorage.setItem("haven-view", JSON.stringify({ sort: "name", order: "asc", view: v })), view);
      for (const { count, id } of folders) {
        const { walk: r, flings } = await scrollThrough(page, `/files/${id}`, `IMG_${String(count - 1).padStart(6, "0")}.jpg`, profile && v === 0 && count === ENTRIES);
        const label = `${build}: ${view}, ${count.toLocaleString("en")} entries`;
        rows.walks.push([
          label,
          r.reachedEnd ? (r.ms / 1000).toFixed(1) : "never",
          (r.stalledMs / 1000).toFixed(1),
          String(r.frames),
          String(r.slowFrames),
          String(r.longTasks),
          r.longTaskMs.toFixed(0),
          r.longestTask.toFixed(0),
          r.lastName ?? "?",
        ]);
        const sum = (f: (x: FlingResult) => number) => flings.reduce((s, x) => s + f(x.result), 0);
        const fling = (at: string, x: FlingResult) => [label, at, String(x.frames), String(x.dropped), String(x.missedVsyncs), String(x.over50), String(x.longTasks), x.longTaskMs.toFixed(0), x.longestTask.toFixed(0)];
        for (const { depth, result } of flings) rows.flings.push(fling(depth === 0 ? "start" : `${Math.round((depth * count) / 1000)}k`, result));
        const all: FlingResult = { frames: sum((x) => x.frames), dropped: sum((x) => x.dropped), missedVsyncs: sum((x) => x.missedVsyncs), over50: sum((x) => x.over50), longTasks: sum((x) => x.longTasks), longTaskMs: sum((x) => x.longTaskMs), longestTask: Math.max(...flings.map((x) => x.result.longestTask)) };
        rows.flings.push(fling("all", all));
      }
    }
    return rows;
  } finally {
    await browser.close();
    await haven.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** BENCH_THUMB_ONLY=render or grid runs one half. */
async function main(): Promise<void> {
  const only = process.env.BENCH_THUMB_ONLY;
  if (only !== "grid") {
    console.log(`thumbnails: per-image render time, median of ${ROUNDS} rounds (ms)`);
    printRows([["image", "size", "service", "sharp alone", "ratio"], ...(await perImage())]);
  }
  if (only !== "render") {
    const builds = process.env.BENCH_GRID_REF ? [{ root: path.resolve(process.env.BENCH_GRID_REF), build: "ref" }, { root: ROOT, build: "new" }] : [{ root: ROOT, build: "new" }];
    const tables: GridRows = { walks: [], flings: [] };
    for (const [i, { root, build }] of builds.entries()) {
      console.log(`\n${build} = ${root}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
      const { walks, flings } = await gridScroll(root, build, i === builds.length - 1);
      tables.walks.push(...walks);
      tables.flings.push(...flings);
    }
    console.log("\nthe walk: grid and list views scrolled top to bottom in Chromium, 800 px a frame (long task = main thread busy > 50 ms)");
    printRows([["build: view, folder", "s to the end", "s stalled", "frames", "frames > 50 ms", "long tasks", "long-task ms", "longest (ms)", "last row"], ...tables.walks]);
    console.log(`\nflings once loaded: ${SAMPLE_MS} ms windows at ${FLING_PX} px per 16.7 ms frame (dropped = frame gap > ${DROPPED_GAP_MS.toFixed(1)} ms)`);
    printRows([["build: view, folder", "from", "frames", "dropped", "missed vsyncs", "> 50 ms", "long tasks", "long-task ms", "longest (ms)"], ...tables.flings]);
    console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
