import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderPdfFirstPage } from "@/lib/media/pdf-worker";
import { tinyPdf } from "../../e2e/fixtures";

/** A page of 1,500 tiny text lines and 1,500 strokes: hundreds of ms of pdf.js work at 1024 px. */
async function busyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  for (let i = 0; i < 1500; i++) page.drawText(`Line ${i}: the quick brown fox jumps over the lazy dog`, { x: 10 + (i % 7), y: 780 - (i % 390) * 2, size: 4, font });
  for (let i = 0; i < 1500; i++) page.drawLine({ start: { x: (i * 7) % 600, y: (i * 13) % 780 }, end: { x: (i * 11) % 600, y: (i * 17) % 780 }, thickness: 0.5, color: rgb(0.1, (i % 5) / 5, 0.6) });
  return doc.save();
}

describe("PDF first-page rendering (worker thread)", () => {
  it("renders the first page at the asked size, refuses what is not a PDF, and renders again after a failure", async () => {
    const png = await renderPdfFirstPage(new Uint8Array(tinyPdf("Worker page")), 300);
    expect(await sharp(png).metadata()).toMatchObject({ format: "png", width: 300, height: 200 });
    await expect(renderPdfFirstPage(new Uint8Array(Buffer.from("not a pdf at all")), 300)).rejects.toThrow();
    const again = await renderPdfFirstPage(new Uint8Array(tinyPdf("Still working")), 150);
    expect((await sharp(again).metadata()).width).toBe(150);
  });

  it("leaves the main thread idle while it renders (the work runs in the worker thread)", async () => {
    const pdf = await busyPdf();
    await renderPdfFirstPage(pdf.slice(), 256); // the worker started and pdf.js loaded
    const before = performance.eventLoopUtilization();
    const t0 = performance.now();
    await renderPdfFirstPage(pdf.slice(), 1024);
    const ms = performance.now() - t0;
    const busy = performance.eventLoopUtilization(before).utilization;
    console.log(`a busy render: ${ms.toFixed(0)} ms; main thread busy ${(100 * busy).toFixed(0)} % of it`);
    // In this thread pdf.js kept the loop busy all along (it yields between chunks, but never idles: ~100 %); here
    // the loop only waits for the worker's answer (~2 % on this machine, under load too).
    expect(ms).toBeGreaterThan(100);
    expect(busy).toBeLessThan(0.3);
  });
});
