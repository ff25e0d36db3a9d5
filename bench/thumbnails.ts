// Thumbnails (issue 12), two figures beside same-run references. Run: npm run bench -- thumbnails
//  1. Per image: ThumbnailService.renderBlob (read the blob, render 1024 and 256, store both through the storage
//     driver, two rows) beside sharp alone making the same two WebP sizes from the same file (goal ≤ 1.3×).
//  2. The drive's grid and list views each scrolled through a folder of 100,000 photos (seeded with raw SQL, each
//     pointing at one of a few real, rendered images) in Debian's Chromium, 800 px a frame, loading every page on the
//     way: long tasks (PerformanceObserver "longtask", > 50 ms: count and total ms), frames slower than 50 ms and the
//     time to reach the last entry, beside the same scroll through a 500-entry folder.
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
import { BenchHaven } from "./haven";

const ROUNDS = Number(process.env.BENCH_THUMB_ROUNDS ?? 3);
const ENTRIES = Number(process.env.BENCH_GRID_ENTRIES ?? 100_000);
/** BENCH_GRID_VIEWS=grid or list scrolls one view only (each takes minutes on a loaded machine). */
/** BENCH_GRID_MAX_MS: the longest one scroll may take (10 minutes). */
const MAX_SCROLL_MS = Number(process.env.BENCH_GRID_MAX_MS ?? 600_000);
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

/**
 * Scrolls the grid from top to bottom (loading every page on the way) until the folder's last entry shows, counting
 * long tasks, slow frames and stalls (at the bottom of the loaded rows with nothing loading). The page script is plain JavaScript text: tsx would add helpers to a compiled function that the page does not have.
 */
const SCROLL_SCRIPT = (lastName: string, maxMs: number) => `new Promise((resolve) => {
  const longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: "longtask" });
  const scroller = document.querySelector('[data-testid="file-list"]');
  const gaps = [];
  const start = performance.now();
  let last = start;
  let waiting = 0;
  let stalledMs = 0;
  function step(now) {
    gaps.push(now - last);
    const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
    const busy = scroller.getAttribute("aria-busy") !== "false";
    const tiles = atBottom ? scroller.querySelectorAll('[data-testid="node-row"]') : [];
    const lastShown = tiles.length ? tiles[tiles.length - 1].getAttribute("data-name") : null;
    // At the bottom with nothing loading but the folder not at its end: the list is waiting for nothing (a stall).
    if (atBottom && !busy && lastShown !== ${JSON.stringify(lastName)}) stalledMs += now - last;
    last = now;
    waiting = atBottom && !busy && lastShown === ${JSON.stringify(lastName)} ? waiting + 1 : 0;
    if (waiting > 5 || now - start > ${maxMs}) {
      resolve({ ms: now - start, reachedEnd: waiting > 5, stalledMs, longTasks: longTasks.length, longestTask: Math.max(0, ...longTasks), longTaskMs: longTasks.reduce((s, d) => s + d, 0),
        frames: gaps.length, slowFrames: gaps.filter((g) => g > 50).length, lastName: lastShown, busy });
      return;
    }
    scroller.scrollTop += 800;
    requestAnimationFrame(step);
  }
  requestAnimationFrame(step);
})`;

type ScrollResult = {
  ms: number;
  /** the folder's last entry was on screen with nothing loading (else the time cap ran out) */
  reachedEnd: boolean;
  /** time spent at the bottom of the loaded rows with nothing loading, before the end (a list waiting for nothing) */
  stalledMs: number;
  longTasks: number;
  longestTask: number;
  longTaskMs: number;
  frames: number;
  slowFrames: number;
  lastName: string | null;
  busy: boolean;
};

/**
 * Scrolls the folder at `url` to its end, logging (BENCH_GRID_LOG=1) every listing request: its cursor, status and
 * time, so a scroll that stops early shows why (a failed page, a refetch of every page, a page never asked for).
 */
async function scrollThrough(page: Page, url: string, lastName: string): Promise<ScrollResult> {
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
    const result = (await profiled(page, () => page.evaluate(SCROLL_SCRIPT(lastName, MAX_SCROLL_MS)))) as ScrollResult;
    if (process.env.BENCH_GRID_CHECK === "1") {
      const state = () => page.evaluate(() => { const s = document.querySelector('[data-testid="file-list"]')!; const t = [...document.querySelectorAll('[data-testid="node-row"]')]; return { top: s.scrollTop, h: s.scrollHeight, ch: s.clientHeight, busy: s.getAttribute("aria-busy"), first: t[0]?.getAttribute("data-name"), last: t.at(-1)?.getAttribute("data-name"), n: t.length }; });
      console.log("  state at end", JSON.stringify(await state()));
      await page.evaluate(() => document.querySelector('[data-testid="file-list"]')!.dispatchEvent(new Event("scroll")));
      await new Promise((r) => setTimeout(r, 3000));
      console.log("  after a scroll event", JSON.stringify(await state()), listing.pages);
    }
    console.log(`  ${url}: ${listing.pages} listing responses, ${listing.refetchedFirst} refetches of the first page, ${listing.failed.length} failed; ${result.reachedEnd ? "reached the end" : `stopped at ${result.lastName} after ${(result.ms / 1000).toFixed(0)} s (busy: ${result.busy})`}, ${(result.stalledMs / 1000).toFixed(1)} s stalled`);
    for (const f of listing.failed.slice(0, 10)) console.log(`    failed: ${f}`);
    return result;
  } finally {
    page.off("request", onRequest);
    page.off("response", onResponse);
    page.off("requestfailed", onFailed);
  }
}

let scrolls = 0;
/** BENCH_GRID_PROFILE=<file>: a Chromium CPU profile (.cpuprofile) of the second scroll (the large folder). */
async function profiled<T>(page: Page, run: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_GRID_PROFILE;
  if (!file || scrolls++ === 0) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
  const r = await run();
  const { profile } = await cdp.send("Profiler.stop");
  const { writeFile } = await import("node:fs/promises");
  await writeFile(file, JSON.stringify(profile));
  return r;
}

async function gridScroll(): Promise<string[][]> {
  const dataDir = await mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), "haven-grid-"));
  const haven = await BenchHaven.start(ROOT, dataDir, await freePort());
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
    const rows: string[][] = [];
    for (const view of VIEWS) {
      await page.evaluate((v) => localStorage.setItem("haven-view", JSON.stringify({ sort: "name", order: "asc", view: v })), view);
      for (const { count, id } of folders) {
        const r = await scrollThrough(page, `/files/${id}`, `IMG_${String(count - 1).padStart(6, "0")}.jpg`);
        rows.push([
          `${view}, ${count.toLocaleString("en")} entries`,
          r.reachedEnd ? (r.ms / 1000).toFixed(1) : "never",
          (r.stalledMs / 1000).toFixed(1),
          String(r.frames),
          String(r.slowFrames),
          String(r.longTasks),
          r.longTaskMs.toFixed(0),
          r.longestTask.toFixed(0),
          r.lastName ?? "?",
        ]);
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
    console.log(`\ngrid and list views scrolled top to bottom in Chromium, 800 px a frame (long task = main thread busy > 50 ms); load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    printRows([["view, folder", "s to the end", "s stalled", "frames", "frames > 50 ms", "long tasks", "long-task ms", "longest (ms)", "last row"], ...(await gridScroll())]);
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
