import { monitorEventLoopDelay } from "node:perf_hooks";
import sharp from "sharp";
import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { renderPdfFirstPage } from "@/lib/media/pdf-page";
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

  it("keeps the event loop free while it renders (the work runs in the worker thread)", async () => {
    const pdf = await busyPdf();
    await renderPdfFirstPage(pdf, 256); // the worker started and pdf.js loaded
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const tick = setInterval(() => undefined, 1);
    delay.enable();
    const t0 = performance.now();
    await renderPdfFirstPage(pdf, 1024);
    const ms = performance.now() - t0;
    delay.disable();
    clearInterval(tick);
    const longest = delay.max / 1e6;
    console.log(`a busy render: ${ms.toFixed(0)} ms; longest event-loop delay meanwhile ${longest.toFixed(1)} ms`);
    // On the main thread the loop stalled for about the whole render; in the worker it only meets the machine's load.
    expect(ms).toBeGreaterThan(200);
    expect(longest).toBeLessThan(ms / 3);
  });
});
