import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const WORKER_FILE = "pdf-render.worker.mjs";
/** A page that takes longer is given up (its worker ended, a fresh one starts for the next). */
const RENDER_TIMEOUT_MS = 30_000;
/** The worker's heap: a hostile PDF ends the worker, never the server. */
const WORKER_HEAP_MB = 512;

/**
 * Renders a PDF's first page as a PNG whose longest side is `px`, with pdf.js (pdfjs-dist, already the share viewer's)
 * on @napi-rs/canvas in a worker thread (lib/media/pdf-render.worker.mjs): parsing and painting a page takes from
 * milliseconds to seconds of CPU, which on the main thread would stall every request the server is serving. One
 * worker, one page at a time, bounded in time and heap. Throws when the file is not a PDF pdf.js can open.
 */
export async function renderPdfFirstPage(data: Uint8Array, px: number): Promise<Buffer> {
  const run = queue.then(() => renderer.render(data, px));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

/** The worker, started on first use and kept (unref'd while idle, so it never holds the process open). */
class PdfRenderer {
  private worker: Worker | null = null;
  private nextId = 1;

  render(data: Uint8Array, px: number): Promise<Buffer> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    worker.ref();
    return new Promise<Buffer>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("exit", onExit);
        worker.unref();
      };
      const onMessage = (m: { id: number; png?: Uint8Array; error?: string }) => {
        if (m.id !== id) return;
        done();
        if (m.png) resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
        else reject(new Error(m.error ?? "The PDF page could not be rendered."));
      };
      const onExit = (code: number) => {
        done();
        if (this.worker === worker) this.worker = null;
        reject(new Error(`The PDF renderer stopped (exit code ${code}).`));
      };
      const timer = setTimeout(() => {
        done();
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
        reject(new Error(`Rendering the PDF page took longer than ${RENDER_TIMEOUT_MS / 1000} s.`));
      }, RENDER_TIMEOUT_MS);
      worker.on("message", onMessage);
      worker.on("exit", onExit);
      // A copy goes to the worker (the caller's bytes stay usable).
      worker.postMessage({ id, data: data.slice(), px });
    });
  }

  private start(): Worker {
    const worker = new Worker(workerPath(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.on("error", () => undefined); // an uncaught error ends the worker: "exit" rejects the render under way
    worker.unref();
    return worker;
  }
}

const renderer = new PdfRenderer();

/** Beside this module in the sources; beside the bundle in dist/ (scripts/build.sh copies it there). */
function workerPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, WORKER_FILE), path.join(process.cwd(), "dist", WORKER_FILE), path.join(process.cwd(), "lib", "media", WORKER_FILE)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`The PDF renderer (${WORKER_FILE}) is missing.`);
  return found;
}
