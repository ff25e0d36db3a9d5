/**
 * The page scripts of the grid/list scroll bench (bench/thumbnails.ts), as plain JavaScript text: tsx would add
 * helpers to a compiled function that the page does not have.
 */

/** One vsync at 60 Hz; a frame gap beyond 1.5 of them missed at least one (rAF times are vsync-aligned, ± jitter). */
export const VSYNC_MS = 1000 / 60;
export const DROPPED_GAP_MS = 1.5 * VSYNC_MS;

/**
 * Scrolls the list from top to bottom, 800 px a frame (loading every page on the way), until the folder's last entry
 * shows, counting long tasks, slow frames and stalls (at the bottom of the loaded rows with nothing loading).
 */
export const WALK_SCRIPT = (lastName: string, maxMs: number) => `new Promise((resolve) => {
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

export type WalkResult = {
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
 * A steady fling: from `fraction` of the scroll range, for `ms`, at `pxPerFrame` per 16.7 ms, time-based (a late
 * frame jumps further, as a compositor-driven scroll would), turning back at either end. Frame gaps from rAF
 * timestamps; long tasks from a PerformanceObserver started with the window.
 */
export const FLING_SCRIPT = (fraction: number, ms: number, pxPerFrame: number) => `new Promise((resolve) => {
  const scroller = document.querySelector('[data-testid="file-list"]');
  const range = scroller.scrollHeight - scroller.clientHeight;
  let pos = Math.round(${fraction} * range);
  let dir = pos >= range ? -1 : 1;
  scroller.scrollTop = pos;
  const longTasks = [];
  // Settle first (the rows at the new depth rendered, their thumbnails asked for), then measure.
  setTimeout(() => requestAnimationFrame((t0) => {
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    observer.observe({ type: "longtask" });
    const gaps = [];
    let last = t0;
    function step(now) {
      gaps.push(now - last);
      pos += dir * ${pxPerFrame / (1000 / 60)} * (now - last);
      if (pos >= range) { pos = range; dir = -1; } else if (pos <= 0) { pos = 0; dir = 1; }
      scroller.scrollTop = pos;
      last = now;
      if (now - t0 < ${ms}) return requestAnimationFrame(step);
      observer.takeRecords().forEach((e) => longTasks.push(e.duration));
      observer.disconnect();
      resolve({ frames: gaps.length, dropped: gaps.filter((g) => g > ${DROPPED_GAP_MS}).length, missedVsyncs: gaps.reduce((s, g) => s + Math.max(0, Math.round(g / ${VSYNC_MS}) - 1), 0),
        over50: gaps.filter((g) => g > 50).length, longTasks: longTasks.length, longTaskMs: longTasks.reduce((s, d) => s + d, 0), longestTask: Math.max(0, ...longTasks) });
    }
    requestAnimationFrame(step);
  }), 1500);
})`;

export type FlingResult = { frames: number; dropped: number; missedVsyncs: number; over50: number; longTasks: number; longTaskMs: number; longestTask: number };
