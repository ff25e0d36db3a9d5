import { deflateSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { JobWorker } from "@/lib/jobs/worker";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { PdfWorker, pdfText } from "@/lib/media/pdf-worker";
import { createHarness, providers, TestClock, type TestHarness } from "../helpers/services";
import { makeUser, putFile } from "../helpers/factories";

const PROVIDERS = await providers();

/** A PDF of `pages` pages, each with these lines (pdf-lib's standard font). */
async function pdfWith(lines: string[], pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    lines.forEach((line, i) => page.drawText(line, { x: 10, y: 780 - 2 * (i % 390), size: 2, font }));
  }
  return doc.save();
}

/** A 10 kB PDF whose page content unpacks to a TJ array of 5 million numbers: pdf.js' parser fills the heap with them. */
async function heapBomb(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  const content = doc.context.stream(deflateSync(Buffer.from(`BT [${"0 ".repeat(5_000_000)}] TJ ET\n`), { level: 9 }), { Filter: "FlateDecode" });
  page.node.set(PDFName.of("Contents"), doc.context.register(content));
  return doc.save();
}

describe("PDF text in the worker thread", () => {
  it("reads every page's text, stops at the character limit, and leaves the main thread idle meanwhile", async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => `Line ${i}: the quick brown fox jumps over the lazy dog`);
    const pdf = await pdfWith(lines, 4);
    await pdfText(await pdfWith(["warm up"]), 1000); // the worker started and pdf.js loaded
    const before = performance.eventLoopUtilization();
    const t0 = performance.now();
    const text = await pdfText(pdf, 1_000_000);
    const ms = performance.now() - t0;
    const busy = performance.eventLoopUtilization(before).utilization;
    console.log(`text of 4 busy pages: ${ms.toFixed(0)} ms; main thread busy ${(100 * busy).toFixed(0)} % of it`);
    expect(text.split("Line 1499: the quick brown fox").length - 1).toBe(4);
    expect(ms).toBeGreaterThan(50);
    expect(busy).toBeLessThan(0.3);
    // Pages are read until the limit is passed: one page's text (~80,000 characters), not four.
    const limited = await pdfText(pdf, 1000);
    expect(limited.length).toBeLessThan(text.length / 2);
    expect(limited).toContain("Line 0:");
  });

  it("ends a worker that runs out of heap or time with a clear error, and reads the next PDF in a fresh one", async () => {
    const worker = new PdfWorker({ timeoutMs: 20_000, heapMb: 32 });
    const good = await pdfWith(["After the crash"]);
    await expect(worker.run({ op: "text", data: await heapBomb(), maxChars: 1000 })).rejects.toThrow(/The PDF reader stopped \(exit code 1\)/);
    expect((await worker.run({ op: "text", data: good, maxChars: 1000 })).text).toContain("After the crash");
    const slow = new PdfWorker({ timeoutMs: 50, heapMb: 512 });
    await expect(slow.run({ op: "text", data: await heapBomb(), maxChars: 1000 })).rejects.toThrow(/took longer than 0.05 s/);
  });
});

describe.each(PROVIDERS)("search.index job for PDFs on %s", (provider) => {
  const clock = new TestClock(new Date("2026-03-10T12:00:00Z"));
  let h: TestHarness;
  beforeAll(async () => {
    h = await createHarness(provider, { clock });
  });
  afterAll(async () => h?.close());

  const runJobs = async () => {
    const worker = new JobWorker(h.services.uow, clock);
    registerJobHandlers(worker, h.services);
    await worker.runDue();
  };
  const indexJob = async (nodeId: number) => (await h.services.uow.repos.jobs.due(new Date(clock.now().getTime() + 3_600_000), 500)).find((j) => j.type === "search.index" && j.payload.nodeId === nodeId);

  it("indexes a real PDF's words through the job, and fails the job of a damaged one without indexing anything", async () => {
    const me = await makeUser(h.services);
    const t = Math.random().toString(36).slice(2, 8);
    const pdf = await putFile(h.services, me.actor, me.rootId, "minutes.pdf", Buffer.from(await pdfWith([`The okapi${t} minutes`, "second line"])));
    const broken = await putFile(h.services, me.actor, me.rootId, "broken.pdf", Buffer.from(`%PDF-1.7\n${"garbage ".repeat(100)}`));
    const brokenJob = (await indexJob(broken.id))!;
    expect(brokenJob).toBeDefined();
    await runJobs();
    const found = await h.services.search.search(me.actor, { q: `okapi${t}`, scope: "all", fulltext: true });
    expect(found.items.map((i) => i.node.id)).toEqual([pdf.id]);
    const failed = (await h.services.uow.repos.jobs.findById(brokenJob.id))!;
    expect(failed.status).toBe("queued"); // to be retried with backoff, its error recorded
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBeTruthy();
    expect(await h.services.uow.repos.search.indexedVersion(broken.id)).toBeNull();
    expect(await h.services.uow.repos.search.indexedVersion(pdf.id)).toBe(pdf.currentVersionId);
  });
});
