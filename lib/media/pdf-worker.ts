import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const WORKER_FILE = "pdf-render.worker.mjs";

/**
 * pdf.js (pdfjs-dist, already the share viewer's) in a worker thread (lib/media/pdf-render.worker.mjs): parsing,
 * painting or reading the text of a PDF takes from milliseconds to seconds of CPU, which on the main thread would
 * stall every request the server is serving. One worker, one task at a time, each bounded in time and heap.
 */

/**
 * The PDF's first page as a PNG whose longest side is `px`, drawn on @napi-rs/canvas. Throws when the file is not a
 * PDF pdf.js can open.
 */
export async function renderPdfFirstPage(data: Uint8Array, px: number): Promise<Buffer> {
  const reply = await enqueue({ op: "render", data, px });
  if (!reply.png) throw new Error("The PDF renderer gave no image.");
  return Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength);
}

/**
 * The text of a PDF's pages (pdf.js' text layer, a line break between pages), read page by page until `maxChars` are
 * reached. Throws when the file is not a PDF pdf.js can open, or it breaks the worker's time or heap bounds.
 */
export async function pdfText(data: Uint8Array, maxChars: number): Promise<string> {
  const reply = await enqueue({ op: "text", data, maxChars });
  if (typeof reply.text !== "string") throw new Error("The PDF reader gave no text.");
  return reply.text;
}

type Task = { op: "render"; data: Uint8Array; px: number } | { op: "text"; data: Uint8Array; maxChars: number };
type Reply = { id: number; png?: Uint8Array; text?: string; error?: string };

let queue: Promise<unknown> = Promise.resolve();

function enqueue(task: Task): Promise<Reply> {
  const run = queue.then(() => shared.run(task));
  queue = run.catch(() => undefined);
  return run;
}

/** A worker's bounds: a task that takes longer is given up, a heap that grows larger ends the worker (never the server). */
export type PdfWorkerBounds = { timeoutMs: number; heapMb: number };

/**
 * One worker thread, started on first use and kept (unref'd while idle, so it never holds the process open); after a
 * crash, a timeout or running out of heap, the next task starts a fresh one. The server uses one (`shared`), one task
 * at a time; tests make their own with tighter bounds.
 */
export class PdfWorker {
  private worker: Worker | null = null;
  private nextId = 1;

  constructor(private readonly bounds: PdfWorkerBounds) {}

  run(task: Task): Promise<Reply> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    worker.ref();
    return new Promise<Reply>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("exit", onExit);
        worker.unref();
      };
      const onMessage = (m: Reply) => {
        if (m.id !== id) return;
        done();
        if (m.error === undefined) resolve(m);
        else reject(new Error(m.error || "pdf.js could not read the PDF."));
      };
      const onExit = (code: number) => {
        done();
        if (this.worker === worker) this.worker = null;
        reject(new Error(`The PDF reader stopped (exit code ${code}).`));
      };
      const timer = setTimeout(() => {
        done();
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        reject(new Error(`Reading the PDF took longer than ${this.bounds.timeoutMs / 1000} s.`));
      }, this.bounds.timeoutMs);
      worker.on("message", onMessage);
      worker.on("exit", onExit);
      // A copy goes to the worker (the caller's bytes stay usable).
      worker.postMessage({ ...task, id, data: task.data.slice() });
    });
  }

  private start(): Worker {
    const worker = new Worker(workerPath(), { resourceLimits: { maxOldGenerationSizeMb: this.bounds.heapMb } });
    worker.on("error", () => undefined); // an uncaught error (or running out of heap) ends the worker: "exit" rejects the task under way
    worker.unref();
    return worker;
  }
}

const shared = new PdfWorker({ timeoutMs: 30_000, heapMb: 512 });

/** Beside this module in the sources; beside the bundle in dist/ (scripts/build.sh copies it there). */
function workerPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, WORKER_FILE), path.join(process.cwd(), "dist", WORKER_FILE), path.join(process.cwd(), "lib", "media", WORKER_FILE)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`The PDF worker (${WORKER_FILE}) is missing.`);
  return found;
}
