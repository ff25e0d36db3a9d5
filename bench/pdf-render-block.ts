// How long a PDF thumbnail render blocks the server's event loop (issue 12). Run:
//   node --import ./scripts/shims/hooks.mjs --import tsx bench/pdf-render-block.ts
// Renders the first page of a busy PDF (a page of 1,500 text lines and 1,500 vector strokes) ROUNDS times at 1024 px,
// with a 1 ms timer ticking; reports the render time, the longest and p99 event-loop delay during the renders
// (perf_hooks.monitorEventLoopDelay) and the main thread's utilisation (performance.eventLoopUtilization), beside an idle loop measured the same way in the same run.
// PDF_RENDER_MODULE names another module exporting renderPdfFirstPage (e.g. the main-thread version, to compare).
// Each render gets its own copy of the bytes: pdf.js in this thread detaches the buffer it is handed.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { median, printRows } from "./common";

const ROUNDS = Number(process.env.BENCH_PDF_ROUNDS ?? 3);

async function busyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  for (let i = 0; i < 1500; i++) page.drawText(`Line ${i}: the quick brown fox jumps over the lazy dog`, { x: 10 + (i % 7), y: 780 - (i % 390) * 2, size: 4, font, color: rgb((i % 10) / 10, 0.2, 0.4) });
  for (let i = 0; i < 1500; i++) page.drawLine({ start: { x: (i * 7) % 600, y: (i * 13) % 780 }, end: { x: (i * 11) % 600, y: (i * 17) % 780 }, thickness: 0.5, color: rgb(0.1, (i % 5) / 5, 0.6) });
  return doc.save();
}

/** Render time, the loop's delays meanwhile, and its utilisation (the share of the time the main thread was busy). */
async function measure(work: () => Promise<unknown>): Promise<Measured> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  const tick = setInterval(() => undefined, 1);
  h.enable();
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const busy = performance.eventLoopUtilization(elu).utilization;
  h.disable();
  clearInterval(tick);
  return { ms, maxDelay: h.max / 1e6, p99: h.percentile(99) / 1e6, busy };
}

type Measured = { ms: number; maxDelay: number; p99: number; busy: number };

async function main(): Promise<void> {
  const modulePath = process.env.PDF_RENDER_MODULE ?? "@/lib/media/pdf-page";
  const { renderPdfFirstPage } = (await import(modulePath)) as { renderPdfFirstPage: (data: Uint8Array, px: number) => Promise<Buffer> };
  const pdf = await busyPdf();
  await renderPdfFirstPage(pdf.slice(), 256); // warm-up: modules loaded, worker started
  const renders: Measured[] = [];
  for (let i = 0; i < ROUNDS; i++) renders.push(await measure(() => renderPdfFirstPage(pdf.slice(), 1024)));
  const idle = await measure(() => new Promise((r) => setTimeout(r, median(renders.map((r) => r.ms)))));
  console.log(`PDF first page at 1024 px, ${ROUNDS} rounds, ${modulePath} (ms; event-loop delay with a 1 ms timer running)`);
  printRows([
    ["case", "render (median)", "longest loop delay (max of rounds)", "p99 loop delay (median)", "main thread busy (median)"],
    ["render", median(renders.map((r) => r.ms)).toFixed(0), Math.max(...renders.map((r) => r.maxDelay)).toFixed(1), median(renders.map((r) => r.p99)).toFixed(1), `${(100 * median(renders.map((r) => r.busy))).toFixed(0)} %`],
    ["idle loop, same length", idle.ms.toFixed(0), idle.maxDelay.toFixed(1), idle.p99.toFixed(1), `${(100 * idle.busy).toFixed(0)} %`],
  ]);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
