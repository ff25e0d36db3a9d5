// How long a PDF thumbnail render and a PDF's full-text extraction block the server's event loop (issue 12). Run:
//   node --import ./scripts/shims/hooks.mjs --import tsx bench/pdf-render-block.ts
// Renders the first page of a busy PDF (a page of 1,500 text lines and 1,500 vector strokes) ROUNDS times at 1024 px,
// then reads the full text of a 4-page busy PDF (as the search.index job does) ROUNDS times in the worker, and the
// same with pdf.js in this thread (how text-extract.ts did it before, for reference), all with a 1 ms timer ticking;
// reports the time, the longest and p99 event-loop delay meanwhile (perf_hooks.monitorEventLoopDelay) and the main
// thread's utilisation (performance.eventLoopUtilization), beside an idle loop measured the same way in the same run.
// PDF_RENDER_MODULE names another module exporting renderPdfFirstPage (e.g. the main-thread version, to compare).
// Each render gets its own copy of the bytes: pdf.js in this thread detaches the buffer it is handed.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { MAX_INDEXED_CHARS } from "@/lib/domain/search";
import { extractText } from "@/lib/media/text-extract";
import { median, printRows } from "./common";

const ROUNDS = Number(process.env.BENCH_PDF_ROUNDS ?? 3);

async function busyPdf(pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    for (let i = 0; i < 1500; i++) page.drawText(`Line ${i}: the quick brown fox jumps over the lazy dog`, { x: 10 + (i % 7), y: 780 - (i % 390) * 2, size: 4, font, color: rgb((i % 10) / 10, 0.2, 0.4) });
    for (let i = 0; i < 1500; i++) page.drawLine({ start: { x: (i * 7) % 600, y: (i * 13) % 780 }, end: { x: (i * 11) % 600, y: (i * 17) % 780 }, thickness: 0.5, color: rgb(0.1, (i % 5) / 5, 0.6) });
  }
  return doc.save();
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let inThread: Promise<PdfJs> | null = null;

/** The reference: the text read with pdf.js in this thread (its "worker" too, set up by importing it here). */
async function mainThreadText(bytes: Uint8Array): Promise<string> {
  // pdf.js 5+ uses Promise.withResolvers, which Node 20 lacks (the worker file polyfills its own thread).
  (Promise as unknown as { withResolvers?: unknown }).withResolvers ??= <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
    return { promise, resolve, reject };
  };
  const lib = await (inThread ??= import("pdfjs-dist/legacy/build/pdf.worker.mjs").then(() => import("pdfjs-dist/legacy/build/pdf.mjs")));
  const task = lib.getDocument({ data: bytes, disableFontFace: true, verbosity: 0 });
  try {
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(""));
    }
    return pages.join("\n");
  } finally {
    await task.destroy();
  }
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
  const modulePath = process.env.PDF_RENDER_MODULE ?? "@/lib/media/pdf-worker";
  const { renderPdfFirstPage } = (await import(modulePath)) as { renderPdfFirstPage: (data: Uint8Array, px: number) => Promise<Buffer> };
  const pdf = await busyPdf();
  await renderPdfFirstPage(pdf.slice(), 256); // warm-up: modules loaded, worker started
  const renders: Measured[] = [];
  for (let i = 0; i < ROUNDS; i++) renders.push(await measure(() => renderPdfFirstPage(pdf.slice(), 1024)));
  const idle = await measure(() => new Promise((r) => setTimeout(r, median(renders.map((r) => r.ms)))));
  const textPdf = await busyPdf(4);
  await extractText("pdf", textPdf.slice());
  await mainThreadText(textPdf.slice());
  const texts: Measured[] = [];
  const inThreadTexts: Measured[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    texts.push(await measure(() => extractText("pdf", textPdf.slice())));
    inThreadTexts.push(await measure(() => mainThreadText(textPdf.slice())));
  }
  console.log(`PDF first page at 1024 px (${modulePath}) and full text of a 4-page PDF (lib/media/text-extract.ts, max ${MAX_INDEXED_CHARS} chars), ${ROUNDS} rounds (ms; event-loop delay with a 1 ms timer running)`);
  const row = (name: string, ms: Measured[]) => [name, median(ms.map((r) => r.ms)).toFixed(0), Math.max(...ms.map((r) => r.maxDelay)).toFixed(1), median(ms.map((r) => r.p99)).toFixed(1), `${(100 * median(ms.map((r) => r.busy))).toFixed(0)} %`];
  printRows([
    ["case", "time (median)", "longest loop delay (max of rounds)", "p99 loop delay (median)", "main thread busy (median)"],
    row("render", renders),
    row("full text (worker)", texts),
    row("full text, pdf.js in this thread (before)", inThreadTexts),
    row("idle loop, render's length", [idle]),
  ]);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
